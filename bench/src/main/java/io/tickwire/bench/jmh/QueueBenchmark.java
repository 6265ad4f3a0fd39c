package io.tickwire.bench.jmh;

import io.tickwire.agent.MpscQueue;
import io.tickwire.agent.SpscQueue;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hand-off between two threads: Tickwire's queues ({@code io.tickwire.agent}) against
 * Agrona's ({@code OneToOneConcurrentArrayQueue}, {@code ManyToOneConcurrentArrayQueue}), the
 * measurement behind docs/decisions.md's "One agent runtime". {@code handoff} is throughput (one
 * producer, one consumer, counting only what went through); {@code roundTrip} is the latency of
 * one element there and back, an echo thread spinning on the other side. The {@code -fenced}
 * variants add the full fence that Tickwire's producers need after an offer (they read their
 * consumer's "parked" flag next; Tickwire's queues end their offer with a volatile store for it,
 * Agrona's with a release store). Agrona's queues reach
 * {@code jdk.internal.misc.Unsafe}, hence the fork's {@code --add-opens}.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar QueueBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED")
public class QueueBenchmark {
    private static final Object TOKEN = new Object();

    /** What each queue does here; one implementation per fork, so the call sites stay monomorphic. */
    interface Handoff {
        boolean offer(Object element);

        Object poll();
    }

    static Handoff create(String queue, int capacity) {
        return switch (queue) {
            case "spsc" -> {
                SpscQueue<Object> q = new SpscQueue<>(capacity);
                yield new Handoff() {
                    public boolean offer(Object e) {
                        return q.offer(e);
                    }

                    public Object poll() {
                        return q.poll();
                    }
                };
            }
            case "agrona-spsc" -> {
                OneToOneConcurrentArrayQueue<Object> q = new OneToOneConcurrentArrayQueue<>(capacity);
                yield new Handoff() {
                    public boolean offer(Object e) {
                        return q.offer(e);
                    }

                    public Object poll() {
                        return q.poll();
                    }
                };
            }
            case "agrona-spsc-fenced" -> {
                OneToOneConcurrentArrayQueue<Object> q = new OneToOneConcurrentArrayQueue<>(capacity);
                yield new Handoff() {
                    public boolean offer(Object e) {
                        boolean in = q.offer(e);
                        VarHandle.fullFence(); // what a producer that then reads "parked" needs
                        return in;
                    }

                    public Object poll() {
                        return q.poll();
                    }
                };
            }
            case "mpsc" -> {
                MpscQueue<Object> q = new MpscQueue<>(capacity);
                yield new Handoff() {
                    public boolean offer(Object e) {
                        return q.offer(e);
                    }

                    public Object poll() {
                        return q.poll();
                    }
                };
            }
            case "agrona-mpsc" -> {
                ManyToOneConcurrentArrayQueue<Object> q = new ManyToOneConcurrentArrayQueue<>(capacity);
                yield new Handoff() {
                    public boolean offer(Object e) {
                        return q.offer(e);
                    }

                    public Object poll() {
                        return q.poll();
                    }
                };
            }
            case "agrona-mpsc-fenced" -> {
                ManyToOneConcurrentArrayQueue<Object> q = new ManyToOneConcurrentArrayQueue<>(capacity);
                yield new Handoff() {
                    public boolean offer(Object e) {
                        boolean in = q.offer(e);
                        VarHandle.fullFence(); // what a producer that then reads "parked" needs
                        return in;
                    }

                    public Object poll() {
                        return q.poll();
                    }
                };
            }
            default -> throw new IllegalArgumentException(queue);
        };
    }

    /** One queue shared by the producer and the consumer of a group. */
    @State(Scope.Group)
    public static class Pipe {
        @Param({"spsc", "agrona-spsc", "agrona-spsc-fenced", "mpsc", "agrona-mpsc", "agrona-mpsc-fenced"})
        String queue;
        Handoff handoff;

        @Setup(Level.Trial)
        public void setUp() {
            handoff = create(queue, 1 << 16);
        }
    }

    /** What the producer got in (JMH reports it as a rate). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Offered {
        public long offered;
    }

    /** What the consumer got out. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Polled {
        public long polled;
    }

    /** A queue of one thread's own. */
    @State(Scope.Thread)
    public static class Alone {
        @Param({"spsc", "agrona-spsc", "agrona-spsc-fenced", "mpsc", "agrona-mpsc", "agrona-mpsc-fenced"})
        String queue;
        Handoff handoff;

        @Setup(Level.Trial)
        public void setUp() {
            handoff = create(queue, 1024);
        }
    }

    /** There and back: the benchmark's thread offers, an echo thread sends it back. */
    @State(Scope.Benchmark)
    public static class PingPong {
        @Param({"spsc", "agrona-spsc", "agrona-spsc-fenced", "mpsc", "agrona-mpsc", "agrona-mpsc-fenced"})
        String queue;
        Handoff there;
        Handoff back;
        volatile boolean running;
        Thread echo;

        @Setup(Level.Trial)
        public void setUp() {
            there = create(queue, 1024);
            back = create(queue, 1024);
            running = true;
            echo = new Thread(() -> {
                while (running) {
                    Object e = there.poll();
                    if (e == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    while (!back.offer(e)) {
                        Thread.onSpinWait();
                    }
                }
            }, "queue-echo");
            echo.setDaemon(true);
            echo.start();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            running = false;
            echo.join();
        }
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public void offer(Pipe pipe, Offered counts) {
        if (pipe.handoff.offer(TOKEN)) {
            counts.offered++;
        }
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public void poll(Pipe pipe, Polled counts) {
        if (pipe.handoff.poll() != null) {
            counts.polled++;
        }
    }

    /** One thread offers and takes back: each hand-off's own cost, without the other core's cache traffic. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object offerThenPoll(Alone alone) {
        alone.handoff.offer(TOKEN);
        return alone.handoff.poll();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object roundTrip(PingPong state) {
        while (!state.there.offer(TOKEN)) {
            Thread.onSpinWait();
        }
        Object e;
        while ((e = state.back.poll()) == null) {
            Thread.onSpinWait();
        }
        return e;
    }
}
