package io.tickwire.server.config;

/** A configuration that cannot be used; the message names the key and says what is wrong. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
