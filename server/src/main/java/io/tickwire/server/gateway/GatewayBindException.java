package io.tickwire.server.gateway;

import java.io.IOException;

/** The gateway cannot take its address (port in use, unknown host) or cannot load its TLS files. */
public final class GatewayBindException extends IOException {
    private static final long serialVersionUID = 1L;

    GatewayBindException(String message, Throwable cause) {
        super(message, cause);
    }
}
