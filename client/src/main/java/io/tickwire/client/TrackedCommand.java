package io.tickwire.client;

import io.tickwire.client.order.CommandRefusedException;
import io.tickwire.client.order.CommandStatus;
import io.tickwire.client.order.OrderEvent;
import io.tickwire.client.order.OrderHandle;
import io.tickwire.client.order.OrderOutcome;
import io.tickwire.client.order.ReconciliationReport;
import io.tickwire.client.order.UnknownExecutionException;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.ReceiptStatus;
import io.tickwire.protocol.message.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * An order command and its state. Transitions happen on the client's loop thread; futures and
 * listeners are completed on the callback executor so that user code never runs on the loop.
 */
final class TrackedCommand implements OrderHandle {
    /** Builds the wire message once the loop has assigned the request {@code id}. */
    final LongFunction<ClientMessage> message;
    /** What reconciliation looks up: the placed order, or the order a cancel or amend targets. */
    final OrderRef target;
    private final String clientOrderId;
    private final Executor callbacks;

    private volatile CommandStatus status = CommandStatus.SENT;
    private final CompletableFuture<ServerMessage.Ack> ack = new CompletableFuture<>();
    private final CompletableFuture<ServerMessage.Receipt> receipt = new CompletableFuture<>();
    private final CompletableFuture<OrderOutcome> resolved = new CompletableFuture<>();
    private final List<OrderEvent> history = new ArrayList<>();
    private final List<Consumer<OrderEvent>> listeners = new ArrayList<>();

    // loop thread only
    long wireId;
    String requestId;
    long sentAtNanos;
    int lookups;
    long nextLookupAtNanos;
    boolean lookupInFlight;
    boolean reconciling;

    TrackedCommand(LongFunction<ClientMessage> message, OrderRef target, String clientOrderId, Executor callbacks) {
        this.message = message;
        this.target = target;
        this.clientOrderId = clientOrderId;
        this.callbacks = callbacks;
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
    public CompletableFuture<OrderOutcome> resolved() {
        return resolved.copy();
    }

    @Override
    public List<OrderEvent> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    @Override
    public void events(Consumer<OrderEvent> listener) {
        List<OrderEvent> past;
        synchronized (history) {
            past = List.copyOf(history);
            listeners.add(listener);
        }
        callbacks.execute(() -> past.forEach(listener));
    }

    boolean isResolved() {
        return resolved.isDone();
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
        record(new OrderEvent.Ack(message));
        callbacks.execute(() -> ack.complete(message));
    }

    void receipted(ServerMessage.Receipt message) {
        if (isResolved()) {
            return;
        }
        CommandStatus outcome = message.status() == ReceiptStatus.ACCEPTED ? CommandStatus.ACCEPTED : CommandStatus.REJECTED;
        status = outcome;
        record(new OrderEvent.Receipt(message));
        String words = message.status() == ReceiptStatus.ACCEPTED ? "accepted"
                : "rejected: " + message.code() + (message.message() == null ? "" : " (" + message.message() + ")");
        OrderOutcome result = new OrderOutcome(outcome, message, null, words);
        callbacks.execute(() -> {
            ack.completeExceptionally(new IllegalStateException("the receipt came without an ack"));
            receipt.complete(message);
            resolved.complete(result);
        });
    }

    void refused(ServerMessage.ErrorMessage error) {
        if (isResolved()) {
            return;
        }
        status = CommandStatus.REJECTED;
        record(new OrderEvent.Refused(error));
        OrderOutcome result = new OrderOutcome(CommandStatus.REJECTED, null, null,
                "refused: " + error.code() + " (" + error.message() + ")");
        CommandRefusedException refusal = new CommandRefusedException(error);
        callbacks.execute(() -> {
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
        callbacks.execute(() -> {
            ack.completeExceptionally(unknown);
            receipt.completeExceptionally(unknown);
        });
    }

    void recoveryScheduled(String why, int attempt, long delayMs) {
        record(new OrderEvent.RecoveryScheduled(why, attempt, delayMs));
    }

    void reconciled(ReconciliationReport report) {
        if (isResolved()) {
            return;
        }
        record(new OrderEvent.RecoveryCompleted(report));
        OrderOutcome result;
        if (report.order() != null) {
            status = CommandStatus.SYNCHRONIZED;
            result = new OrderOutcome(CommandStatus.SYNCHRONIZED, null, report.order(),
                    "the server has order " + report.order().orderId() + ", " + report.order().status());
        } else {
            status = CommandStatus.NOT_EXECUTED;
            result = new OrderOutcome(CommandStatus.NOT_EXECUTED, null, null,
                    "the server has no such order: the command did not execute; resending it is safe");
        }
        callbacks.execute(() -> resolved.complete(result));
    }

    /** The client closed before the outcome was known. */
    void abandoned() {
        if (isResolved()) {
            return;
        }
        UnknownExecutionException unknown = new UnknownExecutionException(clientOrderId, "the client was closed");
        OrderOutcome result = new OrderOutcome(CommandStatus.UNKNOWN_EXECUTION, null, null,
                "the client was closed before the outcome was known");
        callbacks.execute(() -> {
            ack.completeExceptionally(unknown);
            receipt.completeExceptionally(unknown);
            resolved.complete(result);
        });
    }

    /** Never sent: the client was not connected. */
    void notSent(String why) {
        status = CommandStatus.NOT_EXECUTED;
        IllegalStateException failure = new IllegalStateException(why);
        OrderOutcome result = new OrderOutcome(CommandStatus.NOT_EXECUTED, null, null, why + "; nothing was sent");
        callbacks.execute(() -> {
            ack.completeExceptionally(failure);
            receipt.completeExceptionally(failure);
            resolved.complete(result);
        });
    }

    private void record(OrderEvent event) {
        List<Consumer<OrderEvent>> targets;
        synchronized (history) {
            history.add(event);
            targets = List.copyOf(listeners);
        }
        if (!targets.isEmpty()) {
            callbacks.execute(() -> targets.forEach(l -> l.accept(event)));
        }
    }

    @Override
    public String toString() {
        return "OrderHandle[" + (clientOrderId == null ? target : clientOrderId) + ", " + status
                + (reconciling ? ", lookups " + lookups + (lookupInFlight ? ", one in flight" : "") : "") + "]";
    }
}
