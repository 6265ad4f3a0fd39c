package io.tickwire.agent;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Owns an {@link Agent}'s thread (Agrona's {@code AgentRunner}): starts it as
 * {@code tickwire-<role>}, loops {@link Agent#doWork()} and hands each count to the
 * {@link IdleStrategy}, tells the last-resort {@link ErrorHandler} what the agent threw (and
 * stops it), and on {@link #close()} stops it and joins with one bound. Nothing else writes
 * {@code while (running)}.
 *
 * <p>Producers call {@link #wake()} after they queue: it unparks the thread only when the runner
 * has announced that it may park, so the hot path of a producer costs one volatile read; the
 * runner asks {@link Agent#hasWork()} after announcing, so no wake-up is lost.
 *
 * <p>The thread is never interrupted, not even at the bound: an interrupt closes any
 * {@code FileChannel} the agent is in the middle of (the journal's), which is worse than a thread
 * that outlives its owner. Past the bound the runner says so and returns.
 */
public final class AgentRunner implements AutoCloseable {
    /** How long {@link #close()} waits for the agent's thread unless told otherwise. */
    public static final Duration DEFAULT_CLOSE_BOUND = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger(AgentRunner.class.getName());

    private final Agent agent;
    private final IdleStrategy idle;
    private final ErrorHandler errorHandler;
    private final Thread thread;
    private Duration closeBound = DEFAULT_CLOSE_BOUND;
    private volatile boolean running = true;
    private volatile boolean parked;
    private volatile boolean started;
    private volatile Throwable failure;

    /** A runner for {@code agent}, not started; its thread is a daemon unless {@link #daemon(boolean)} says not. */
    public AgentRunner(Agent agent, IdleStrategy idle, ErrorHandler errorHandler) {
        this.agent = agent;
        this.idle = idle;
        this.errorHandler = errorHandler;
        this.thread = AgentThreads.newThread(agent.roleName(), true, this::run, this::failed);
    }

    /** Before {@link #start()}: whether the thread is a daemon (not one that must finish before the JVM exits). */
    public AgentRunner daemon(boolean daemon) {
        thread.setDaemon(daemon);
        return this;
    }

    /** Before {@link #close()}: how long it waits for the agent's thread. */
    public AgentRunner closeBound(Duration bound) {
        this.closeBound = bound;
        return this;
    }

    /** Starts the agent's thread; once. */
    public AgentRunner start() {
        started = true;
        thread.start();
        return this;
    }

    /** Any thread: wakes the agent if it is parked or about to park. Cheap when it is not. */
    public void wake() {
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    /** Any thread: true until asked to stop or failed (the agent may still be finishing). */
    public boolean isRunning() {
        return running;
    }

    /** Any thread: whether the agent's thread has been started and has not ended. */
    public boolean isAlive() {
        return thread.isAlive();
    }

    /** Any thread: whether {@link #start()} was called. */
    public boolean isStarted() {
        return started;
    }

    /** Any thread: what stopped the agent, or {@code null}. */
    public Throwable failure() {
        return failure;
    }

    /** Whether the caller is the agent's own thread. */
    public boolean isAgentThread() {
        return Thread.currentThread() == thread;
    }

    /** Any thread: asks the agent to stop and wakes it; returns at once. */
    public void stop() {
        running = false;
        LockSupport.unpark(thread);
    }

    /**
     * Stops the agent and waits for its thread (which runs {@link Agent#onClose()}) for the bound
     * at most. From the agent's own thread, or before a start, it only asks.
     */
    @Override
    public void close() {
        stop();
        if (!started || isAgentThread()) {
            return;
        }
        try {
            if (!thread.join(closeBound)) {
                LOG.log(System.Logger.Level.WARNING, thread.getName() + " did not stop within "
                        + closeBound.toMillis() + " ms; left running");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            agent.onStart();
            while (running) {
                int work = agent.doWork();
                if (work > 0) {
                    idle.idle(work);
                    continue;
                }
                parked = true;
                if (running && !agent.hasWork()) {
                    idle.idle(work);
                }
                parked = false;
            }
        } catch (InterruptedException e) {
            if (running) {
                failed(e);
            }
        } catch (Throwable t) {
            failed(t);
        }
        try {
            agent.onClose();
        } catch (Throwable t) {
            failed(t);
        }
    }

    private void failed(Throwable t) {
        running = false;
        if (failure == null) {
            failure = t;
        }
        try {
            errorHandler.onError(t);
        } catch (Throwable handlerFailed) {
            LOG.log(System.Logger.Level.ERROR, agent.roleName() + "'s error handler failed", handlerFailed);
        }
    }
}
