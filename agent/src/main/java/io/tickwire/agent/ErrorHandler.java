package io.tickwire.agent;

/** The last resort for what an agent threw: told once, on the agent's thread, and the agent then stops. */
@FunctionalInterface
public interface ErrorHandler {

    void onError(Throwable error);

    /**
     * Logs through the JDK's {@code System.Logger} (for code with no logging library of its own,
     * the SDK's): an error of {@code what}.
     */
    static ErrorHandler logging(String what) {
        System.Logger log = System.getLogger("io.tickwire.agent");
        return e -> log.log(System.Logger.Level.ERROR, what + " failed", e);
    }
}
