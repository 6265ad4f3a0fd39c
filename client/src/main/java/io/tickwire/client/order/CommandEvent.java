package io.tickwire.client.order;

import io.tickwire.protocol.message.ServerMessage;
import java.util.Objects;

/** The life of an order command, in the order it happens; see {@link OrderHandle#events}. */
public sealed interface OrderEvent {

    /** The server queued the command. */
    record Ack(ServerMessage.Ack ack) implements OrderEvent {
        public Ack {
            Objects.requireNonNull(ack, "ack");
        }
    }

    /**
     * The outcome became unknown ({@code why}) and the client will look the order up after
     * {@code delayMs} (after reconnecting, if it must).
     *
     * @param attempt the lookup about to be made, from 1
     */
    record RecoveryScheduled(String why, int attempt, long delayMs) implements OrderEvent {
        public RecoveryScheduled {
            Objects.requireNonNull(why, "why");
        }
    }

    /**
     * Reconciliation ended: the command is {@link CommandStatus#SYNCHRONIZED} or {@link CommandStatus#NOT_EXECUTED}.
     */
    record RecoveryCompleted(ReconciliationReport report) implements OrderEvent {
        public RecoveryCompleted {
            Objects.requireNonNull(report, "report");
        }
    }

    /** The server's receipt: the durable outcome. */
    record Receipt(ServerMessage.Receipt receipt) implements OrderEvent {
        public Receipt {
            Objects.requireNonNull(receipt, "receipt");
        }
    }

    /** The server refused the request before queuing it (not authenticated, no scope, busy, malformed). */
    record Refused(ServerMessage.ErrorMessage error) implements OrderEvent {
        public Refused {
            Objects.requireNonNull(error, "error");
        }
    }
}
