package io.tickwire.protocol.message;

import java.util.List;
import java.util.Objects;

/**
 * Every message the server sends. A {@code switch} over this type is checked by the compiler.
 * Stream events (order updates, fills, book deltas, ...) are all one {@link StreamEvent}
 * envelope whose {@link EventPayload} is itself sealed.
 */
public sealed interface ServerMessage permits ServerMessage.AuthOk, ServerMessage.Subscribed,
        ServerMessage.Unsubscribed, ServerMessage.Pong, ServerMessage.Ack, ServerMessage.Receipt,
        ServerMessage.ErrorMessage, ServerMessage.Gap, ServerMessage.Notice, ServerMessage.CancelAllAfter,
        ServerMessage.CancelOnDisconnect, StreamEvent, Unknown {

    /** The wire {@code type}. */
    String type();

    /**
     * {@code auth.ok}: the connection is authenticated as {@code userId} until {@code expiresAt}
     * (ms); {@code id} echoes the {@code auth} request's, or is {@code null}.
     */
    record AuthOk(Long id, String userId, long expiresAt) implements ServerMessage {
        public static final String TYPE = "auth.ok";

        public AuthOk {
            Objects.requireNonNull(userId, "userId");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code subscribed}: the stream is on.
     *
     * @param seq       the stream's head when the subscription was taken
     * @param recovered true when every event after the client's {@code since} will follow
     */
    record Subscribed(Long id, Topic topic, String epoch, long seq, boolean recovered) implements ServerMessage {
        public static final String TYPE = "subscribed";

        public Subscribed {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(epoch, "epoch");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code unsubscribed}. */
    record Unsubscribed(Long id, Topic topic) implements ServerMessage {
        public static final String TYPE = "unsubscribed";

        public Unsubscribed {
            Objects.requireNonNull(topic, "topic");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code pong}, the answer to {@code ping}; {@code ts} is the server clock, or {@code null}. */
    record Pong(Long id, Long ts) implements ServerMessage {
        public static final String TYPE = "pong";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code ack}: the command is queued for the sequencer. Not yet durable: wait for the receipt. */
    record Ack(Long id, String requestId, long ts) implements ServerMessage {
        public static final String TYPE = "ack";

        public Ack {
            Objects.requireNonNull(requestId, "requestId");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code receipt}: the outcome of a command, sent once the batch holding it is durable.
     *
     * @param orderId       the order placed or targeted, or {@code null}
     * @param clientOrderId the caller's id of that order, or {@code null}
     * @param code          why it was rejected ({@link RejectCode}, or a newer code), or {@code null}
     * @param message       words for a person, or {@code null}
     */
    record Receipt(Long id, String requestId, ReceiptStatus status, Long orderId, String clientOrderId,
                   String code, String message, Integer canceled, List<OrderResult> results) implements ServerMessage {
        public static final String TYPE = "receipt";

        public Receipt {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(status, "status");
            results = results == null ? null : List.copyOf(results);
        }

        /** The receipt of any command but a cancel-all or a batch. */
        public Receipt(Long id, String requestId, ReceiptStatus status, Long orderId, String clientOrderId, String code,
                       String message) {
            this(id, requestId, status, orderId, clientOrderId, code, message, null, null);
        }

        /** The receipt of a cancel-all, which says how many orders it {@code canceled}. */
        public Receipt(Long id, String requestId, ReceiptStatus status, Long orderId, String clientOrderId, String code,
                       String message, Integer canceled) {
            this(id, requestId, status, orderId, clientOrderId, code, message, canceled, null);
        }

        @Override
        public String type() {
            return TYPE;
        }

        /** The reject code as a known constant, or {@code null} if absent or newer than this SDK. */
        public RejectCode rejectCode() {
            return RejectCode.fromWire(code);
        }
    }

    /**
     * {@code error}.
     *
     * @param code  an {@link ErrorCode} wire name; a string so that newer codes still decode
     * @param field the offending field of the request, or {@code null}
     */
    record ErrorMessage(Long id, String code, String message, String field, Long retryAfterMs)
            implements ServerMessage {
        public static final String TYPE = "error";

        public ErrorMessage {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            if (retryAfterMs != null && retryAfterMs < 0) {
                throw new IllegalArgumentException("retryAfterMs must be >= 0");
            }
        }

        /** An error without a retry hint. */
        public ErrorMessage(Long id, String code, String message, String field) {
            this(id, code, message, field, null);
        }

        /** An error with a known code. */
        public static ErrorMessage of(Long id, ErrorCode code, String message) {
            return new ErrorMessage(id, code.wire(), message, null);
        }

        /** {@code rate_limited}, with how long to wait before the next try ({@code retry_after_ms}, 1.1). */
        public static ErrorMessage rateLimited(Long id, String message, long retryAfterMs) {
            return new ErrorMessage(id, ErrorCode.RATE_LIMITED.wire(), message, null, retryAfterMs);
        }

        @Override
        public String type() {
            return TYPE;
        }

        /** The code as a known constant, or {@code null} if newer than this SDK. */
        public ErrorCode errorCode() {
            return ErrorCode.fromWire(code);
        }
    }

    /**
     * {@code gap}: the events between {@code fromSeq} and {@code toSeq} cannot be delivered; a
     * snapshot follows. Both bounds are {@code null} when the epoch changed.
     */
    record Gap(Topic topic, String epoch, Long fromSeq, Long toSeq, GapReason reason) implements ServerMessage {
        public static final String TYPE = "gap";

        public Gap {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(epoch, "epoch");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code cancel_all_after} (1.1): the answer to {@code order.cancel_all_after}, once durable.
     *
     * @param triggerAt when the switch fires unless re-armed, ms since the epoch; {@code null} when disarmed
     */
    record CancelAllAfter(Long id, Long triggerAt) implements ServerMessage {
        public static final String TYPE = "cancel_all_after";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code session.cancel_on_disconnect} (1.1): the connection's setting, as now in force. */
    record CancelOnDisconnect(Long id, boolean enabled) implements ServerMessage {
        public static final String TYPE = "session.cancel_on_disconnect";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code notice} (1.1): news for the whole connection. Code {@code shutdown}: the server closes
     * this connection with 1001 next (a shutdown, a restart, a node drained); reconnect no sooner
     * than {@code reconnectAfterMs}, with jitter. Codes newer than this SDK are kept as they are.
     */
    record Notice(String code, String message, Long reconnectAfterMs) implements ServerMessage {
        public static final String TYPE = "notice";
        /** The server is about to close the connection with 1001. */
        public static final String SHUTDOWN = "shutdown";

        public Notice {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            if (reconnectAfterMs != null && reconnectAfterMs < 0) {
                throw new IllegalArgumentException("reconnectAfterMs must be >= 0");
            }
        }

        @Override
        public String type() {
            return TYPE;
        }
    }
}
