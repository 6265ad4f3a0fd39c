package io.tickwire.agent;

/**
 * A loop's work, run on a thread of its own by an {@link AgentRunner}: the shape of Agrona's
 * {@code Agent}. The runner calls {@link #onStart()}, then {@link #doWork()} for as long as it
 * runs, handing each count to its {@link IdleStrategy}, then {@link #onClose()}, all on the
 * agent's thread. Nothing else runs on that thread; other threads reach what it owns through a
 * proxy that only queues and wakes it.
 */
public interface Agent {

    /** On the agent's thread, before the first {@link #doWork()}. A throw ends the agent. */
    default void onStart() throws Exception {
    }

    /**
     * One unit of work. Returns how much it did: 0 when it found nothing to do, and the runner
     * idles. A throw ends the agent (the runner's last-resort handler is told): an agent that
     * should go on after an error catches it itself.
     */
    int doWork() throws Exception;

    /**
     * Whether work waits that {@link #doWork()} would take now. The runner asks after it has
     * announced that it may park, so that a producer that queued just before reading the
     * announcement (and so did not wake it) is seen here: there is no lost wake-up. The default
     * says none, for an agent that only time wakes.
     */
    default boolean hasWork() {
        return false;
    }

    /**
     * On the agent's thread, once the loop has ended, whether it was asked to stop or failed: the
     * place to finish what is queued (the agent that failed knows it from its own handler).
     */
    default void onClose() throws Exception {
    }

    /** What the agent is; its thread is named {@code tickwire-<role>}. */
    String roleName();
}
