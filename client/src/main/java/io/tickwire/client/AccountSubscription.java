package io.tickwire.client;

import io.tickwire.client.account.AccountMirror;
import java.util.concurrent.CompletableFuture;

/**
 * The subscription to the user's {@code account}, and what it keeps: the account mirror (balances
 * and open orders). What {@link TickwireClient#subscribe(io.tickwire.protocol.message.Topic.Account,
 * java.util.function.Consumer) subscribe(Topic.account(), callback)} returns.
 *
 * <pre>{@code
 * AccountSubscription mine = client.subscribe(Topic.account(), update -> { });
 * mine.ready().get(5, TimeUnit.SECONDS);   // the account snapshot is in
 * mine.account().balance("USDT").ifPresent(System.out::println);
 * }</pre>
 */
public interface AccountSubscription extends Subscription {

    /**
     * The account mirror this subscription keeps. It is empty until an {@code account.snapshot}
     * arrives, which completes {@link #ready()}; a subscription resumed from a cursor
     * ({@code subscribe(Topic.account(), since, callback)}) gets the events after it and no snapshot,
     * so its mirror stays empty and its {@code ready()} waits. After {@link #close()} it stays as it
     * was, and no longer changes.
     */
    AccountMirror account();

    @Override
    CompletableFuture<AccountSubscription> ready();
}
