package io.tickwire.client;

import io.tickwire.client.book.LocalBook;
import java.util.concurrent.CompletableFuture;

/**
 * The subscription to a market's book ({@code book.<MARKET>}), and what it keeps: the local book,
 * checked after every delta. What {@link TickwireClient#subscribe(io.tickwire.protocol.message.Topic.Book,
 * java.util.function.Consumer) subscribe(Topic.book(market), callback)} returns.
 *
 * <pre>{@code
 * BookSubscription btc = client.subscribe(Topic.book("BTC-USDT"), update -> { });
 * btc.ready().get(5, TimeUnit.SECONDS);   // the first snapshot is in
 * BookView top = btc.book().view(5);
 * }</pre>
 */
public interface BookSubscription extends Subscription {

    /**
     * The local book this subscription keeps. Until {@link #ready()} completes, and whenever it is
     * resyncing, it says it is not valid and serves nothing. After {@link #close()} it stays as it
     * was, and no longer changes.
     */
    LocalBook book();

    @Override
    CompletableFuture<BookSubscription> ready();
}
