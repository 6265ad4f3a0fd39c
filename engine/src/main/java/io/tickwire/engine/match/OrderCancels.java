package io.tickwire.engine.match;

import io.tickwire.engine.book.Accounts;
import io.tickwire.engine.book.UserAccount;
import io.tickwire.engine.book.OrderBook;
import io.tickwire.engine.book.RestingOrder;
import io.tickwire.engine.market.Market;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.protocol.message.CancelReason;
import java.util.List;
import java.util.function.Predicate;

/**
 * Taking open orders off their books: one (a cancel, an amend below what is filled) or many of a
 * user's (a cancel-all, a dead man's switch firing, a disconnect). The engine's thread only,
 * inside a command of {@link MatchingEngine}.
 */
final class OrderCancels {
    private final CommandContext current;
    private final MarketRegistry markets;
    private final OrderBook[] books;
    private final Accounts accounts;
    private final OrderMatcher matcher;

    OrderCancels(CommandContext current, MarketRegistry markets, OrderBook[] books, Accounts accounts,
                 OrderMatcher matcher) {
        this.current = current;
        this.markets = markets;
        this.books = books;
        this.accounts = accounts;
        this.matcher = matcher;
    }

    /** Takes {@code order} off its book, closes it and reports it. */
    void cancelOpen(RestingOrder order, CancelReason reason) {
        OrderBook book = books[order.market().id()];
        current.touch(book, order.side(), order.level());
        book.unlink(order);
        order.cancel(current.ts, reason);
        matcher.close(order, order.account());
        current.report.order(order);
    }

    /**
     * Cancels the user's open orders (in {@code only}, when not null) that {@code which} selects,
     * oldest first, and returns how many. A {@code book.delta} covers one book, so the orders go
     * market by market, each market's updates and delta reported before the next.
     */
    int cancelOpenOrders(long userId, Market only, CancelReason reason, Predicate<RestingOrder> which) {
        UserAccount account = accounts.get(userId);
        int canceled = 0;
        if (account == null) {
            return 0;
        }
        List<RestingOrder> open = account.openOrders();
        for (Market market : markets.markets()) {
            if (only != null && market != only) {
                continue;
            }
            current.restart();
            for (RestingOrder order : open) {
                if (order.market() == market && which.test(order)) {
                    cancelOpen(order, reason);
                    canceled++;
                }
            }
            current.flush();
        }
        return canceled;
    }
}
