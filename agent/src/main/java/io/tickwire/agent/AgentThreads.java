package io.tickwire.agent;

import java.util.concurrent.ThreadFactory;

/**
 * Names and makes the threads of Tickwire: {@code tickwire-<role>}, so that a thread dump, a
 * profile or a test finds a loop by what it does. Executors that a pool runs (the REST disk
 * reads, the snapshot writer) take their threads from {@link #factory}; a loop of its own is an
 * {@link Agent} on an {@link AgentRunner}, which names its thread the same way.
 */
public final class AgentThreads {
    /** What every thread's name starts with. */
    public static final String PREFIX = "tickwire-";

    private AgentThreads() {
    }

    /** The name of the thread of {@code role}. */
    public static String name(String role) {
        return PREFIX + role;
    }

    /**
     * A platform thread for {@code role}, not started: daemon as asked, and what escapes its task
     * reported to {@code onError} (an executor's worker reports nothing else: its task's own
     * errors stay in its future).
     */
    public static Thread newThread(String role, boolean daemon, Runnable task, ErrorHandler onError) {
        Thread thread = Thread.ofPlatform().name(name(role)).daemon(daemon).unstarted(task);
        thread.setUncaughtExceptionHandler((t, e) -> onError.onError(e));
        return thread;
    }

    /** Daemon threads named for {@code role}, for an executor; what escapes a task goes to {@code onError}. */
    public static ThreadFactory factory(String role, ErrorHandler onError) {
        return task -> newThread(role, true, task, onError);
    }
}
