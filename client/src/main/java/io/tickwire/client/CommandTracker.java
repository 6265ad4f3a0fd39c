package io.tickwire.client;

import io.tickwire.client.order.AmendOrder;
import io.tickwire.client.order.CancelAll;
import io.tickwire.client.order.CommandKind;
import io.tickwire.client.order.PlaceOrder;
import io.tickwire.client.order.ReconciliationReport;
import io.tickwire.client.order.TrackedCommand;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.ServerMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Order commands tracked to a known outcome, on the loop thread: each is sent with a request id
 * and waits for its ack and receipt; one whose connection died before the receipt (or whose
 * receipt is overdue) is in doubt, and reconciled by looking the order up over REST once the
 * server can be asked, with backoff, until it is found or known absent.
 */
final class CommandTracker {
    /**
     * Lookups that may find an acknowledged command absent before it is called not executed: the
     * server queued it, and its read side can trail its log by a moment (about 4 s with the backoff).
     */
    private static final int ACKED_ABSENT_LOOKUPS = 5;

    private final ClientLoop loop;
    private final Connection connection;
    private final OrderLookup lookup;
    private final ReconnectPolicy lookupBackoff =
            ReconnectPolicy.exponential(Duration.ofMillis(250), Duration.ofSeconds(10)).fullJitter();
    private final Duration commandTimeout;
    private final Duration reconcileAfter;
    private final SecureRandom ids = new SecureRandom();
    /** Completes order futures, one virtual thread each: a caller blocking in one cannot stall another. */
    private final ExecutorService completions = Executors.newVirtualThreadPerTaskExecutor();
    /** Every command not yet resolved, from any thread: what close() must resolve. */
    private final Set<CommandLifecycle> unresolved = ConcurrentHashMap.newKeySet();

    // ---------------------------------------------------------------- loop thread only
    private final Map<Long, CommandLifecycle> inFlight = new LinkedHashMap<>();
    private final List<CommandLifecycle> reconciling = new ArrayList<>();

    CommandTracker(ClientLoop loop, Connection connection, OrderLookup lookup, Duration commandTimeout,
                   Duration reconcileAfter) {
        this.loop = loop;
        this.connection = connection;
        this.lookup = lookup;
        this.commandTimeout = commandTimeout;
        this.reconcileAfter = reconcileAfter;
    }

    /** Loop thread: a connection is open; reconciliation can ask the server again. */
    void connected() {
        pumpReconciliation();
    }

    /** Loop thread: the connection is gone; every command still waiting for its receipt is in doubt. */
    void connectionLost() {
        for (CommandLifecycle command : inFlight.values()) {
            doubt(command, "connection lost before the receipt");
        }
        inFlight.clear();
    }

    /** Loop thread: the client stops; commands in doubt are left unknown. */
    void abandonAll() {
        inFlight.values().forEach(CommandLifecycle::abandoned);
        inFlight.clear();
        reconciling.forEach(CommandLifecycle::abandoned);
        reconciling.clear();
    }

    /** The client closed: commands left (submitted while it closed, or by a stuck loop) are resolved. */
    void close() {
        List.copyOf(unresolved).forEach(CommandLifecycle::abandoned);
        completions.shutdown();
    }

    /** Any thread: see {@link TickwireClient#placeOrder}. */
    TrackedCommand place(PlaceOrder order) {
        Objects.requireNonNull(order, "order");
        String clientOrderId = order.clientOrderId() != null ? order.clientOrderId() : newClientOrderId();
        CommandLifecycle command = track(new CommandLifecycle(CommandKind.PLACE, id
                -> new ClientMessage.OrderPlace(id,
                order.market(), order.side(), order.orderType(), order.tif(), order.price(), order.qty(),
                        clientOrderId, order.deadline() == null ? null : order.deadline().toEpochMilli()),
                OrderRef.byClientId(clientOrderId), clientOrderId, loop.listener(), this::complete));
        submit(command);
        return command;
    }

    /** Any thread: see {@link TickwireClient#cancel}. */
    TrackedCommand cancel(OrderRef order) {
        Objects.requireNonNull(order, "order");
        CommandLifecycle command = track(new CommandLifecycle(CommandKind.CANCEL,
                id -> new ClientMessage.OrderCancel(id, order), order, clientId(order), loop.listener(),
                        this::complete));
        submit(command);
        return command;
    }

    /** Any thread: see {@link TickwireClient#cancelAll}. */
    TrackedCommand cancelAll(CancelAll scope) {
        String market = scope.market().orElse(null);
        CommandLifecycle command = track(new CommandLifecycle(CommandKind.CANCEL_ALL,
                id -> new ClientMessage.OrderCancelAll(id, market), null, null, loop.listener(), this::complete));
        submit(command);
        return command;
    }

    /** Any thread: see {@link TickwireClient#placeBatch}. */
    TrackedCommand placeBatch(List<PlaceOrder> orders) {
        List<ClientMessage.OrderPlace> places = new ArrayList<>(orders.size());
        for (PlaceOrder order : orders) {
            String clientOrderId = order.clientOrderId() != null ? order.clientOrderId() : newClientOrderId();
            places.add(new ClientMessage.OrderPlace(null, order.market(), order.side(), order.orderType(), order.tif(),
                    order.price(), order.qty(), clientOrderId,
                    order.deadline() == null ? null : order.deadline().toEpochMilli()));
        }
        CommandLifecycle command = track(new CommandLifecycle(CommandKind.BATCH,
                id -> new ClientMessage.OrderBatch(id, places), null, null, loop.listener(), this::complete));
        submit(command);
        return command;
    }

    /** Any thread: see {@link TickwireClient#amend}. */
    TrackedCommand amend(AmendOrder amend) {
        OrderRef order = amend.order();
        CommandLifecycle command = track(new CommandLifecycle(CommandKind.AMEND,
                id -> new ClientMessage.OrderAmend(id, order, amend.price(), amend.qty(),
                        amend.deadline() == null ? null : amend.deadline().toEpochMilli()), order, clientId(order),
                loop.listener(), this::complete));
        submit(command);
        return command;
    }

    /** Remembers a command until it resolves, so that close() can resolve whatever is left. */
    private CommandLifecycle track(CommandLifecycle command) {
        unresolved.add(command);
        command.resolvedFuture().whenComplete((outcome, failure) -> unresolved.remove(command));
        return command;
    }

    private void submit(CommandLifecycle command) {
        if (loop.isClosed()) {
            command.notSent("the client is closed");
            return;
        }
        Runnable send = () -> {
            if (!connection.isOpen()) {
                command.notSent("not connected (" + connection.status() + ")");
                return;
            }
            long id = connection.nextRequestId();
            command.wireId = id;
            command.sentAtNanos = System.nanoTime();
            inFlight.put(id, command);
            connection.send(command.message.apply(id));
            int gen = connection.generation();
            loop.schedule(() -> {
                if (gen == connection.generation() && inFlight.containsKey(id) && !command.isResolved()) {
                    // A connection that owes a receipt this long is sick, and while it lives a queued
                    // write or a late receipt could contradict what reconciliation concludes: replace it.
                    doubt(command, "no receipt within " + commandTimeout.toMillis() + " ms");
                    connection.lost(gen, -1, "no receipt for a command within " + commandTimeout.toMillis() + " ms");
                }
            }, commandTimeout.toNanos(), TimeUnit.NANOSECONDS);
        };
        try {
            loop.execute(send);
        } catch (RejectedExecutionException closing) {
            command.notSent("the client is closed");
        }
    }

    void onAck(ServerMessage.Ack ack) {
        CommandLifecycle command = ack.id() == null ? null : inFlight.get(ack.id());
        if (command != null) {
            command.acked(ack);
        }
    }

    void onReceipt(ServerMessage.Receipt receipt) {
        CommandLifecycle command = receipt.id() == null ? null : inFlight.remove(receipt.id());
        if (command == null && receipt.id() == null) {
            // Without our id: match by request id, or a place by its client order id; never by market.
            for (var it = inFlight.values().iterator(); it.hasNext() && command == null; ) {
                CommandLifecycle candidate = it.next();
                if (receipt.requestId().equals(candidate.requestId)
                        || (candidate.kind == CommandKind.PLACE && receipt.clientOrderId() != null
                            && receipt.clientOrderId().equals(candidate.clientOrderId()))) {
                    command = candidate;
                    it.remove();
                }
            }
        }
        if (command != null) {
            reconciling.remove(command);
            command.receipted(receipt);
        }
    }

    /** A refusal of a command of ours: handled here (true), or not about a command (false). */
    boolean onError(ServerMessage.ErrorMessage error) {
        CommandLifecycle command = error.id() == null ? null : inFlight.remove(error.id());
        if (command == null) {
            return false;
        }
        reconciling.remove(command);
        if (error.errorCode() == ErrorCode.RATE_LIMITED) {
            command.dropped(error); // never reached the sequencer
        } else {
            command.refused(error);
        }
        return true;
    }

    /** The outcome became unknown: reconcile once the server can be asked. */
    private void doubt(CommandLifecycle command, String why) {
        if (command.isResolved() || command.reconciling) {
            return;
        }
        command.unknown(why);
        if (command.kind == CommandKind.CANCEL_ALL) {
            // No order to look up; and sending it again is safe: it cancels what is open then.
            command.unresolvable(why + "; a cancel-all can be sent again safely");
            return;
        }
        if (command.kind == CommandKind.BATCH) {
            // Many orders: each is looked up by its client order id, which every one of them has.
            command.unresolvable(why + "; look each order of the batch up by its client_order_id (sending the batch"
                    + " again is safe: a duplicate client_order_id is rejected)");
            return;
        }
        command.reconciling = true;
        command.lookups = 0;
        // Let a command still queued on the server reach its outcome before asking about it.
        command.nextLookupAtNanos = Math.max(System.nanoTime(), command.sentAtNanos + reconcileAfter.toNanos());
        long delayNanos = command.nextLookupAtNanos - System.nanoTime();
        command.recoveryScheduled(why, 1, TimeUnit.NANOSECONDS.toMillis(delayNanos));
        reconciling.add(command);
        loop.schedule(this::pumpReconciliation, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void pumpReconciliation() {
        if (!connection.isOpen() || loop.isClosed()) {
            return; // resumed on reconnect: a lookup is only certain when the server is reachable
        }
        long now = System.nanoTime();
        long nextDue = Long.MAX_VALUE;
        for (CommandLifecycle command : List.copyOf(reconciling)) {
            if (command.isResolved()) {
                reconciling.remove(command);
            } else if (!command.lookupInFlight && now - command.nextLookupAtNanos < 0) {
                nextDue = Math.min(nextDue, command.nextLookupAtNanos - now); // not yet: come back then
            } else if (!command.lookupInFlight) {
                command.lookupInFlight = true;
                command.lookups++;
                lookup.find(command.target).whenComplete((result, failure) -> loop.onLoop(() ->
                        looked(command, failure != null ? new OrderLookup.Result.Failed(failure.toString()) : result)));
            }
        }
        if (nextDue != Long.MAX_VALUE) {
            loop.schedule(this::pumpReconciliation, nextDue, TimeUnit.NANOSECONDS);
        }
    }

    private void looked(CommandLifecycle command, OrderLookup.Result result) {
        command.lookupInFlight = false;
        if (command.isResolved() || loop.isClosed()) {
            reconciling.remove(command);
            return;
        }
        switch (result) {
            case OrderLookup.Result.Found found -> {
                reconciling.remove(command);
                inFlight.values().remove(command);
                command.reconciled(new ReconciliationReport(command.clientOrderId(), found.order(), command.lookups));
            }
            case OrderLookup.Result.Absent absent when command.requestId != null
                    && command.lookups < ACKED_ABSENT_LOOKUPS -> retryLookup(command,
                    "acked but not visible yet (the server's read side may lag its log)");
            case OrderLookup.Result.Absent absent -> {
                reconciling.remove(command);
                inFlight.values().remove(command);
                command.reconciled(new ReconciliationReport(command.clientOrderId(), null, command.lookups));
            }
            case OrderLookup.Result.Failed failed -> retryLookup(command, failed.why());
            case OrderLookup.Result.Refused refused -> {
                reconciling.remove(command);
                command.unresolvable(refused.why());
            }
        }
    }

    private void retryLookup(CommandLifecycle command, String why) {
        Duration delay = lookupBackoff.delay(command.lookups - 1);
        command.nextLookupAtNanos = System.nanoTime() + delay.toNanos();
        command.recoveryScheduled(why, command.lookups + 1, delay.toMillis());
        loop.schedule(this::pumpReconciliation, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void complete(Runnable task) {
        try {
            completions.execute(task);
        } catch (RejectedExecutionException closed) {
            task.run();
        }
    }

    private String newClientOrderId() {
        byte[] bytes = new byte[12];
        ids.nextBytes(bytes);
        return "tw-" + HexFormat.of().formatHex(bytes);
    }

    private static String clientId(OrderRef ref) {
        return ref instanceof OrderRef.ByClientId byClientId ? byClientId.clientOrderId() : null;
    }
}
