package io.tickwire.client.order;

import io.tickwire.protocol.message.ServerMessage;
import java.util.Objects;

/**
 * The life of an order command, in the order it happens: {@link TrackedCommand#history()}, and each as it
 * happens to {@link io.tickwire.client.TickwireListener#onCommandEvent}.
 */
public sealed interface CommandEvent {

    /** The server queued the command. */
    record Ack(ServerMessage.Ack ack) implements CommandEvent {
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
    record RecoveryScheduled(String why, int attempt, long delayMs) implements CommandEvent {
        public RecoveryScheduled {
            Objects.requireNonNull(why, "why");
        }
    }

    /**
     * Reconciliation ended: the command is {@link CommandStatus#SYNCHRONIZED} or {@link CommandStatus#NOT_EXECUTED}.
     */
    record RecoveryCompleted(ReconciliationReport report) implements CommandEvent {
        public RecoveryCompleted {
            Objects.requireNonNull(report, "report");
        }
    }

    /** The server's receipt: the durable outcome. */
    record Receipt(ServerMessage.Receipt receipt) implements CommandEvent {
        public Receipt {
            Objects.requireNonNull(receipt, "receipt");
        }
    }

    /** The server refused the request before queuing it (not authenticated, no scope, busy, malformed). */
    record Refused(ServerMessage.ErrorMessage error) implements CommandEvent {
        public Refused {
            Objects.requireNonNull(error, "error");
        }
    }
}
