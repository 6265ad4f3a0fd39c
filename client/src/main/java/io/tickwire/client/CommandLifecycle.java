package io.tickwire.client;

import io.tickwire.client.order.CommandEvent;
import io.tickwire.client.order.CommandKind;
import io.tickwire.client.order.CommandOutcome;
import io.tickwire.client.order.CommandRefusedException;
import io.tickwire.client.order.CommandStatus;
import io.tickwire.client.order.ReconciliationReport;
import io.tickwire.client.order.TrackedCommand;
import io.tickwire.client.order.UnknownExecutionException;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.ReceiptStatus;
import io.tickwire.protocol.message.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;

/**
 * An order command and its state: the SDK's own {@link TrackedCommand}. Transitions happen on the
 * client's loop thread; futures are completed on the completions executor and events go to the
 * client's listener on its thread, so that user code never runs on the loop.
 */
final class CommandLifecycle implements TrackedCommand {
    /** Which command: reconciliation reads the server's order differently for each. */
    final CommandKind kind;
    /** Builds the wire message once the loop has assigned the request {@code id}. */
    final LongFunction<ClientMessage> message;
    /** What reconciliation looks up: the placed order, or the order a cancel or amend targets. */
    final OrderRef target;
    private final String clientOrderId;
    private final ListenerCalls listener;
    private final Executor completions;

    private volatile CommandStatus status = CommandStatus.SENT;
    private final CompletableFuture<ServerMessage.Ack> ack = new CompletableFuture<>();
    private final CompletableFuture<ServerMessage.Receipt> receipt = new CompletableFuture<>();
    private final CompletableFuture<CommandOutcome> resolved = new CompletableFuture<>();
    private final List<CommandEvent> history = new ArrayList<>();

    // loop thread only
    long wireId;
    String requestId;
    long sentAtNanos;
    int lookups;
    long nextLookupAtNanos;
    boolean lookupInFlight;
    boolean reconciling;

    /**
     * @param listener    hears each lifecycle event, in order
     * @param completions completes the futures, each on a thread of its own
     */
    CommandLifecycle(CommandKind kind, LongFunction<ClientMessage> message, OrderRef target, String clientOrderId,
                     ListenerCalls listener, Executor completions) {
        this.kind = kind;
        this.completions = completions;
        this.message = message;
        this.target = target;
        this.clientOrderId = clientOrderId;
        this.listener = listener;
    }

    @Override
    public CommandKind kind() {
        return kind;
    }

    @Override
    public String clientOrderId() {
        return clientOrderId;
    }

    @Override
    public CommandStatus status() {
        return status;
    }

    @Override
    public CompletableFuture<ServerMessage.Ack> ack() {
        return ack.copy();
    }

    @Override
    public CompletableFuture<ServerMessage.Receipt> receipt() {
        return receipt.copy();
    }

    @Override
    public CompletableFuture<CommandOutcome> resolved() {
        return resolved.copy();
    }

    @Override
    public List<CommandEvent> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    boolean isResolved() {
        return resolved.isDone();
    }

    /** The future itself (not a copy), for the client's own bookkeeping. */
    CompletableFuture<CommandOutcome> resolvedFuture() {
        return resolved;
    }

    // ------------------------------------------------------------------ transitions (loop thread)

    void acked(ServerMessage.Ack message) {
        if (isResolved()) {
            return;
        }
        requestId = message.requestId();
        if (status == CommandStatus.SENT) {
            status = CommandStatus.ACKED;
        }
        record(new CommandEvent.Ack(message));
        completions.execute(() -> ack.complete(message));
    }

    void receipted(ServerMessage.Receipt message) {
        if (isResolved()) {
            return;
        }
        CommandStatus outcome = message.status() == ReceiptStatus.ACCEPTED ? CommandStatus.ACCEPTED
                : CommandStatus.REJECTED;
        status = outcome;
        record(new CommandEvent.Receipt(message));
        String words = message.status() == ReceiptStatus.ACCEPTED ? "accepted"
                : "rejected: " + message.code() + (message.message() == null ? "" : " (" + message.message() + ")");
        CommandOutcome result = new CommandOutcome(outcome, message, null, words);
        boolean acked = requestId != null;
        completions.execute(() -> {
            if (!acked) {
                ack.completeExceptionally(new IllegalStateException("the receipt came without an ack"));
            }
            receipt.complete(message);
            resolved.complete(result);
        });
    }

    void refused(ServerMessage.ErrorMessage error) {
        if (isResolved()) {
            return;
        }
        status = CommandStatus.REJECTED;
        record(new CommandEvent.Refused(error));
        CommandOutcome result = new CommandOutcome(CommandStatus.REJECTED, null, null,
                "refused: " + error.code() + " (" + error.message() + ")");
        CommandRefusedException refusal = new CommandRefusedException(error);
        completions.execute(() -> {
            ack.completeExceptionally(refusal);
            receipt.completeExceptionally(refusal);
            resolved.complete(result);
        });
    }

    /** The connection died or the command timed out before its receipt. */
    void unknown(String why) {
        if (isResolved() || status == CommandStatus.UNKNOWN_EXECUTION) {
            return;
        }
        status = CommandStatus.UNKNOWN_EXECUTION;
        UnknownExecutionException unknown = new UnknownExecutionException(clientOrderId, why);
        completions.execute(() -> {
            ack.completeExceptionally(unknown);
            receipt.completeExceptionally(unknown);
        });
    }

    void recoveryScheduled(String why, int attempt, long delayMs) {
        if (attempt <= 10 || attempt % 10 == 0) { // a long outage must not grow the history without bound
            record(new CommandEvent.RecoveryScheduled(why, attempt, delayMs));
        }
    }

    void reconciled(ReconciliationReport report) {
        if (isResolved()) {
            return;
        }
        record(new CommandEvent.RecoveryCompleted(report));
        Order order = report.order();
        CommandOutcome result;
        if (order == null) {
            result = new CommandOutcome(CommandStatus.NOT_EXECUTED, null, null, switch (kind) {
                case PLACE -> "the server has no such order: the place did not execute; sending it again with the"
                        + " same client_order_id is safe (a duplicate is rejected)";
                case CANCEL, AMEND -> "the server has no such order: the " + kind.name().toLowerCase()
                        + " did not execute";
                case CANCEL_ALL -> "a cancel-all is not reconciled by lookup";
                case BATCH -> "a batch is not reconciled by lookup";
            });
        } else if (kind == CommandKind.CANCEL && order.isOpen()) {
            result = new CommandOutcome(CommandStatus.NOT_EXECUTED, null, order,
                    "order " + order.orderId() + " is still " + order.status() + ": the cancel did not take effect");
        } else {
            result = new CommandOutcome(CommandStatus.SYNCHRONIZED, null, order, switch (kind) {
                case PLACE -> "the server has order " + order.orderId() + ", " + order.status();
                case CANCEL -> "order " + order.orderId() + " is " + order.status();
                case AMEND -> "order " + order.orderId() + " is " + order.status() + " at " + order.price() + " x "
                        + order.qty() + ": compare with the amend to know whether it applied";
                case CANCEL_ALL -> "a cancel-all is not reconciled by lookup";
                case BATCH -> "a batch is not reconciled by lookup";
            });
        }
        status = result.status();
        completions.execute(() -> resolved.complete(result));
    }

    /** Reconciliation cannot succeed (the server refuses the lookup): the outcome stays unknown. */
    void unresolvable(String why) {
        if (isResolved()) {
            return;
        }
        CommandOutcome result = new CommandOutcome(CommandStatus.UNKNOWN_EXECUTION, null, null,
                "cannot reconcile: " + why);
        completions.execute(() -> resolved.complete(result));
    }

    /** The client closed before the outcome was known. */
    void abandoned() {
        if (isResolved()) {
            return;
        }
        UnknownExecutionException unknown = new UnknownExecutionException(clientOrderId, "the client was closed");
        CommandOutcome result = new CommandOutcome(CommandStatus.UNKNOWN_EXECUTION, null, null,
                "the client was closed before the outcome was known");
        completions.execute(() -> {
            ack.completeExceptionally(unknown);
            receipt.completeExceptionally(unknown);
            resolved.complete(result);
        });
    }

    /**
     * The server dropped the request before it reached the sequencer ({@code rate_limited}: the
     * connection's rate, or the engine's queue was full), and said so with the request's id. It
     * certainly did not execute: resolved at once, nothing to reconcile.
     */
    void dropped(ServerMessage.ErrorMessage error) {
        if (isResolved()) {
            return;
        }
        status = CommandStatus.NOT_EXECUTED;
        record(new CommandEvent.Refused(error));
        String why = "dropped by the server before it was queued: " + error.code() + " (" + error.message() + ")";
        CommandRefusedException refusal = new CommandRefusedException(error);
        CommandOutcome result = new CommandOutcome(CommandStatus.NOT_EXECUTED, null, null, why);
        completions.execute(() -> {
            ack.completeExceptionally(refusal);
            receipt.completeExceptionally(refusal);
            resolved.complete(result);
        });
    }

    /** Never sent: the client was not connected. */
    void notSent(String why) {
        status = CommandStatus.NOT_EXECUTED;
        IllegalStateException failure = new IllegalStateException(why);
        CommandOutcome result = new CommandOutcome(CommandStatus.NOT_EXECUTED, null, null, why + "; nothing was sent");
        completions.execute(() -> {
            ack.completeExceptionally(failure);
            receipt.completeExceptionally(failure);
            resolved.complete(result);
        });
    }

    /** Loop thread: keeps {@code event} in the history and tells the listener. */
    private void record(CommandEvent event) {
        synchronized (history) {
            history.add(event);
        }
        listener.commandEvent(this, event);
    }

    @Override
    public String toString() {
        return "TrackedCommand[" + kind.wire() + " " + (clientOrderId == null ? target : clientOrderId) + ", " + status
                + (reconciling ? ", lookups " + lookups + (lookupInFlight ? ", one in flight" : "") : "") + "]";
    }
}
