package io.tickwire.server.core;

import io.tickwire.agent.Agent;
import io.tickwire.agent.AgentRunner;
import io.tickwire.agent.IdleStrategy;
import io.tickwire.engine.command.Command;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.agrona.collections.Long2LongHashMap;
import org.slf4j.LoggerFactory;

/**
 * The core's clock-driven commands, on a thread of their own: each dead man's switch fires with a
 * {@code FireCancelAllAfter} when its time comes, and a {@code Tick} is submitted when the market
 * statistics have something due. Both are commands like any other, sequenced and journaled, so a
 * replay after a crash does exactly what the live engine did; this thread only decides when to
 * ask.
 *
 * <p>The sequencer thread tells it of each switch armed and of the statistics' next due time
 * without blocking: a lock-free queue and a volatile, then a wake-up of its runner.
 */
final class CoreTimers implements AutoCloseable {
    /** A command the core's queue refused is offered again after this. */
    private static final long RETRY_MS = 10;
    /** A tick that changed nothing (the clocks disagree by a hair) is offered again after this. */
    private static final long TICK_AGAIN_MS = 100;
    /** The longest sleep: a bound on how late a missed wake-up could make anything. */
    private static final long MAX_SLEEP_MS = 1_000;

    /** A switch armed for {@code triggerAt}, to be offered to the core at {@code attemptAt}. */
    private record Arming(long userId, long triggerAt, long attemptAt) {
    }

    private final Predicate<Command> submit;
    private final ConcurrentLinkedQueue<Arming> armed = new ConcurrentLinkedQueue<>();
    /** Runs {@link Timers} on {@code tickwire-timers}, parked until the next due time or a wake-up. */
    private final AgentRunner runner;
    private volatile long statisticsDue = Long.MAX_VALUE;

    // Timer thread only.
    private final PriorityQueue<Arming> switches = new PriorityQueue<>((a, b) -> Long.compare(a.attemptAt,
            b.attemptAt));
    private final Long2LongHashMap latest = new Long2LongHashMap(0);
    private long tickedFor = Long.MIN_VALUE;
    private long tickedAt;
    /** The statistics' due time this round read, and how long the thread parks after it. */
    private long seenDue = Long.MAX_VALUE;
    private long sleepMs;

    /** @param submit queues a command with the core; false when its queue is full */
    CoreTimers(Predicate<Command> submit) {
        this.submit = submit;
        this.runner = new AgentRunner(new Timers(), IdleStrategy.parking(() -> TimeUnit.MILLISECONDS.toNanos(sleepMs)),
                e -> LoggerFactory.getLogger(CoreTimers.class).error("core timers stopped", e))
                .closeBound(Duration.ofSeconds(5));
    }

    /** Starts the thread; again is a no-op. */
    synchronized void start() {
        if (!runner.isStarted() && runner.isRunning()) {
            runner.start();
        }
    }

    /**
     * Any thread, never blocks: the user's switch now fires at {@code triggerAt}, or is disarmed (0);
     * this replaces any earlier arming.
     */
    void armed(long userId, long triggerAt) {
        armed.add(new Arming(userId, triggerAt, triggerAt));
        runner.wake();
    }

    /** Any thread, never blocks: the engine time from which a {@code Tick} would report something. */
    void statisticsDue(long due) {
        long before = statisticsDue;
        statisticsDue = due;
        if (due < before) {
            runner.wake();
        }
    }

    /** The timer thread's work: what was armed, what is due, and how long until the next. */
    private final class Timers implements Agent {
        @Override
        public String roleName() {
            return "timers";
        }

        @Override
        public int doWork() {
            for (Arming arming; (arming = armed.poll()) != null; ) {
                if (arming.triggerAt == 0) {
                    latest.remove(arming.userId);
                } else {
                    switches.add(arming);
                    latest.put(arming.userId, arming.triggerAt);
                }
            }
            long now = System.currentTimeMillis();
            fireDue(now);
            long due = statisticsDue;
            seenDue = due;
            if (due <= now && (due != tickedFor || now - tickedAt >= TICK_AGAIN_MS)) {
                if (submit.test(new Command.Tick(0))) {
                    tickedFor = due;
                    tickedAt = now;
                } else {
                    due = now + RETRY_MS;
                }
            } else if (due <= now) {
                due = tickedAt + TICK_AGAIN_MS;
            }
            long wake = Math.min(due, switches.isEmpty() ? Long.MAX_VALUE : switches.peek().attemptAt);
            sleepMs = Math.min(MAX_SLEEP_MS, Math.max(1, wake - System.currentTimeMillis()));
            // Always 0: the runner parks for sleepMs after every round, as this thread always has.
            return 0;
        }

        /** A switch armed, or the statistics due earlier than this round saw: no sleep. */
        @Override
        public boolean hasWork() {
            return !armed.isEmpty() || statisticsDue < seenDue;
        }
    }

    private void fireDue(long now) {
        while (!switches.isEmpty() && switches.peek().attemptAt <= now) {
            Arming due = switches.peek();
            if (latest.get(due.userId) != due.triggerAt) {
                switches.poll(); // re-armed or fired since: the engine would refuse it anyway
                continue;
            }
            if (!submit.test(new Command.FireCancelAllAfter(0, due.userId, due.triggerAt))) {
                // The queue is full: offer the same firing again shortly.
                switches.poll();
                switches.add(new Arming(due.userId, due.triggerAt, now + RETRY_MS));
                return;
            }
            switches.poll();
            latest.remove(due.userId);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            runner.stop();
        }
        runner.close();
    }
}
