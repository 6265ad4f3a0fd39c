package io.tickwire.engine.match;

import io.tickwire.engine.book.UserAccount;
import io.tickwire.engine.book.OrderBook;
import io.tickwire.engine.book.RestingOrder;
import io.tickwire.engine.event.EngineEventSink;
import io.tickwire.engine.market.Asset;
import java.util.Arrays;

/**
 * What one command changed, reported once each at its end: every order it touched, every balance,
 * and the book's changed levels with its checksum. Reused from command to command: a stamp per
 * command marks what is already listed, plain arrays hold it (clearing is resetting a count, and
 * stale references are overwritten), so a command allocates nothing here.
 */
final class CommandReport {
    private long stamp;
    private RestingOrder[] touchedOrders = new RestingOrder[16];
    private int touchedOrderCount;
    private UserAccount[] touchedAccounts = new UserAccount[16];
    private Asset[] touchedAssets = new Asset[16];
    private int touchedBalanceCount;

    /** A new command: nothing touched yet. */
    void begin() {
        stamp++;
        touchedOrderCount = 0;
        touchedBalanceCount = 0;
    }

    /** {@code order} changed: reported once, whatever else the command does to it. */
    void order(RestingOrder order) {
        if (order.reportedStamp() != stamp) {
            order.reportedStamp(stamp);
            if (touchedOrderCount == touchedOrders.length) {
                touchedOrders = Arrays.copyOf(touchedOrders, touchedOrderCount * 2);
            }
            touchedOrders[touchedOrderCount++] = order;
        }
    }

    /** {@code account}'s balance of {@code asset} changed: reported once. */
    void balance(UserAccount account, Asset asset) {
        if (account.markReported(asset.id(), stamp)) {
            if (touchedBalanceCount == touchedAccounts.length) {
                touchedAccounts = Arrays.copyOf(touchedAccounts, touchedBalanceCount * 2);
                touchedAssets = Arrays.copyOf(touchedAssets, touchedBalanceCount * 2);
            }
            touchedAccounts[touchedBalanceCount] = account;
            touchedAssets[touchedBalanceCount++] = asset;
        }
    }

    /** Reports the command's order states, balances and book changes, each once. */
    void flush(EngineEventSink events, TouchedLevels touchedLevels) {
        for (int i = 0; i < touchedOrderCount; i++) {
            events.orderUpdate(touchedOrders[i]);
        }
        for (int i = 0; i < touchedBalanceCount; i++) {
            UserAccount account = touchedAccounts[i];
            Asset asset = touchedAssets[i];
            events.balanceUpdate(account.userId(), asset, account.avail(asset.id()), account.frozen(asset.id()));
        }
        OrderBook book = touchedLevels.settle();
        if (book != null) {
            events.bookDelta(book.market(), touchedLevels, book.checksum());
        }
    }
}
