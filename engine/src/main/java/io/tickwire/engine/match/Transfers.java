package io.tickwire.engine.match;

import io.tickwire.engine.book.Accounts;
import io.tickwire.engine.book.UserAccount;
import io.tickwire.engine.command.Command;
import io.tickwire.engine.market.Asset;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.RejectCode;

/**
 * Deposits and withdrawals (admin commands), and the venue's total of each asset that they
 * bound. The engine's thread only, inside a command of {@link MatchingEngine}.
 */
final class Transfers {
    private final CommandContext current;
    private final MarketRegistry markets;
    private final Accounts accounts;
    /**
     * Per asset, everything deposited less everything withdrawn: by conservation, the sum of
     * all balances and the fees collected. Deposits keep it within a {@code long}, so no
     * balance or fee total can overflow, and a fill, which only moves value, never fails part
     * way through its settlement.
     */
    private final long[] assetTotals;

    Transfers(CommandContext current, MarketRegistry markets, Accounts accounts) {
        this.current = current;
        this.markets = markets;
        this.accounts = accounts;
        this.assetTotals = new long[markets.assets().size()];
    }

    /** By asset id: the snapshot codec's. */
    long[] assetTotals() {
        return assetTotals;
    }

    void deposit(Command.Deposit d) {
        Asset asset = asset(d.asset());
        long amount = Units.amount(asset, d.amount());
        if (amount > Long.MAX_VALUE - assetTotals[asset.id()]) {
            throw new Rejection(RejectCode.INVALID_AMOUNT, "the venue's total of " + asset.name()
                    + " would exceed the largest balance it can hold");
        }
        UserAccount account = accounts.getOrCreate(d.userId());
        account.credit(asset.id(), amount);
        assetTotals[asset.id()] += amount;
        current.report.balance(account, asset);
        current.flush();
        current.events.receipt(d, true, 0, null, null, null);
    }

    void withdraw(Command.Withdraw w) {
        Asset asset = asset(w.asset());
        long amount = Units.amount(asset, w.amount());
        UserAccount account = accounts.get(w.userId());
        long available = account == null ? 0 : account.avail(asset.id());
        if (available < amount) {
            throw new Rejection(RejectCode.INSUFFICIENT_BALANCE, "needs " + w.amount() + " " + asset.name() + ", "
                    + Decimal.format(available, asset.scale()) + " available");
        }
        account.debitAvail(asset.id(), amount);
        assetTotals[asset.id()] -= amount;
        current.report.balance(account, asset);
        current.flush();
        current.events.receipt(w, true, 0, null, null, null);
    }

    private Asset asset(String name) {
        Asset asset = markets.asset(name);
        if (asset == null) {
            throw new Rejection(RejectCode.UNKNOWN_ASSET, "unknown asset " + name);
        }
        return asset;
    }
}
