package io.tickwire.server.frontdoor.rest;

/** A client error found while reading the request: answered 400 with {@code code} {@code bad_request}. */
final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The offending field, or {@code null}. */
    final String field;

    BadRequest(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    BadRequest(String message) {
        this(null, message);
    }
}
