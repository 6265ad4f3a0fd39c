package io.tickwire.agent;

/** The last resort for what an agent threw: told once, on the agent's thread, and the agent then stops. */
@FunctionalInterface
public interface ErrorHandler {

    void onError(Throwable error);
}
