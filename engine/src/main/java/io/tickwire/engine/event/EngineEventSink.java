package io.tickwire.engine.event;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.market.Asset;
import io.tickwire.engine.market.Market;
import io.tickwire.protocol.message.RejectCode;
import io.tickwire.protocol.message.Role;
import io.tickwire.protocol.message.Side;

/**
 * Everything the engine produces, called on the engine's thread in a deterministic order. The
 * arguments are primitives and views over the engine's own objects, so matching allocates
 * nothing; an implementation encodes or copies what it needs before it returns.
 *
 * <p>For each command: {@link #commandStart}, then its events, then exactly one
 * {@link #receipt}, then {@link #commandEnd}. Amounts are fixed-point longs: prices and
 * quantities at the market's scales, balances and fees at the asset's scale.
 */
public interface EngineEventSink {

    /** A command begins; {@code ts} is its engine time, the {@code ts} of every event it yields. */
    void commandStart(Command command, long ts);

    /** The new state of an order the command touched; once per order per command. */
    void orderUpdate(OrderView order);

    /** A fill of one side of a trade, for that order's user; {@code fee} is in the market's quote asset. */
    void trade(OrderView order, long tradeId, Role role, long price, long qty, long fee);

    /** The new balance of an asset the command changed; once per user and asset per command. */
    void balanceUpdate(long userId, Asset asset, long avail, long frozen);

    /** The net level changes of the command on one market, with the checksum of the book after them. */
    void bookDelta(Market market, BookChanges changes, long checksum);

    /** A public trade. */
    void marketTrade(Market market, long tradeId, long price, long qty, Side takerSide);

    /**
     * The command's outcome.
     *
     * @param orderId       the order placed or targeted, or 0
     * @param clientOrderId that order's client id, or {@code null}
     * @param code          {@code null} when accepted
     */
    void receipt(Command command, boolean accepted, long orderId, String clientOrderId, RejectCode code,
                 String message);

    /** A cancel-all's outcome, instead of {@link #receipt}: accepted, with how many orders it canceled. */
    void canceledAll(Command command, int canceled);

    /** The command is done. */
    void commandEnd();
}
