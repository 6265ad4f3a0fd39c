package com.example.quickstart;

import io.tickwire.client.BookSubscription;
import io.tickwire.client.TickwireClient;
import io.tickwire.client.book.BookView;
import io.tickwire.client.order.CommandOutcome;
import io.tickwire.client.order.CommandStatus;
import io.tickwire.client.order.PlaceOrder;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.protocol.message.Topic;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Connects, waits until the client is authenticated and the BTC-USDT book is loaded, prints the
 * top of the book, places a post-only bid well below it, prints the outcome and leaves.
 *
 * <p>Arguments: the WebSocket URL and a token with scopes {@code read trade} (from
 * {@code ./tickwire token --user 1001 --scope "read trade"}, or the one {@code serve --demo} prints).
 * Exits 0 when the order was accepted.
 */
public final class Quickstart {

    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Quickstart <ws-url> <token>");
            System.exit(2);
        }
        boolean accepted;
        try (TickwireClient client = TickwireClient.builder().uri(URI.create(args[0])).token(args[1]).build()) {
            client.connect().get(10, TimeUnit.SECONDS);          // connected and authenticated

            BookSubscription btc = client.subscribe(Topic.book("BTC-USDT"), update -> { });
            btc.ready().get(10, TimeUnit.SECONDS);               // the first snapshot is in
            BookView top = btc.book().view(1);                   // the local book it keeps
            System.out.println("BTC-USDT " + top.bestBid().map(l -> l.qty() + " @ " + l.price()).orElse("no bid")
                    + " / " + top.bestAsk().map(l -> l.qty() + " @ " + l.price()).orElse("no ask"));

            CommandOutcome outcome = client.placeOrder(
                            PlaceOrder.limit("BTC-USDT", Side.BUY, "1000.00", "0.001").withTif(TimeInForce.POST_ONLY))
                    .resolved().get(30, TimeUnit.SECONDS);
            System.out.println("order " + outcome.status() + " "
                    + (outcome.receipt() != null ? "as " + outcome.receipt().orderId() : outcome.message()));
            accepted = outcome.status() == CommandStatus.ACCEPTED;
        } // closing says goodbye to the server
        System.exit(accepted ? 0 : 1);
    }
}
