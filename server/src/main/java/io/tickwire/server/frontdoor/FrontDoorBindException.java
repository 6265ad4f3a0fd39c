package io.tickwire.server.frontdoor;

import java.io.IOException;

/** The gateway cannot take its address (port in use, unknown host) or cannot load its TLS files. */
public final class FrontDoorBindException extends IOException {
    private static final long serialVersionUID = 1L;

    FrontDoorBindException(String message, Throwable cause) {
        super(message, cause);
    }
}
