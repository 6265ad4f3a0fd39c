package io.tickwire.engine.event;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.market.Asset;
import io.tickwire.engine.market.Market;
import io.tickwire.protocol.message.CandleInterval;
import io.tickwire.protocol.message.RejectCode;
import io.tickwire.protocol.message.Role;
import io.tickwire.protocol.message.Side;

/**
 * Everything the engine produces, called on the engine's thread in a deterministic order. The
 * arguments are primitives and views over the engine's own objects, so matching allocates
 * nothing; an implementation encodes or copies what it needs before it returns.
 *
 * <p>For each command: {@link #commandStart}, then its events, then exactly one
 * {@link #receipt} (or {@link #canceledAll}, or {@link #cancelAllAfter}), then the market statistics
 * it made due ({@link #ticker}, {@link #candle}), then {@link #commandEnd}. A batch of orders first
 * has each order's events and receipt (the order's {@code Place}), then the batch's receipt. Amounts are fixed-point
 * longs: prices and
 * quantities at the market's scales, balances and fees at the asset's scale.
 *
 * <p>Every method does nothing unless overridden, so a sink implements what it uses and a new
 * event is added here and where it is used, not in every sink: replay's discarding sink is
 * {@code new EngineEventSink() { }}. A sink that records everything (the core's
 * {@code BatchRecorder}, {@link PayloadTranslator}) overrides every method; the test that
 * compares them event by event catches one that does not.
 */
public interface EngineEventSink {

    /** A command begins; {@code ts} is its engine time, the {@code ts} of every event it yields. */
    default void commandStart(Command command, long ts) {
    }

    /** The new state of an order the command touched; once per order per command. */
    default void orderUpdate(OrderView order) {
    }

    /** A fill of one side of a trade, for that order's user; {@code fee} is in the market's quote asset. */
    default void trade(OrderView order, long tradeId, Role role, long price, long qty, long fee) {
    }

    /** The new balance of an asset the command changed; once per user and asset per command. */
    default void balanceUpdate(long userId, Asset asset, long avail, long frozen) {
    }

    /** The net level changes of the command on one market, with the checksum of the book after them. */
    default void bookDelta(Market market, BookChanges changes, long checksum) {
    }

    /** A public trade. */
    default void marketTrade(Market market, long tradeId, long price, long qty, Side takerSide) {
    }

    /**
     * The command's outcome.
     *
     * @param orderId       the order placed or targeted, or 0
     * @param clientOrderId that order's client id, or {@code null}
     * @param code          {@code null} when accepted
     */
    default void receipt(Command command, boolean accepted, long orderId, String clientOrderId, RejectCode code,
                         String message) {
    }

    /** A cancel-all's outcome, instead of {@link #receipt}: accepted, with how many orders it canceled. */
    default void canceledAll(Command command, int canceled) {
    }

    /** A dead man's switch armed to fire at {@code triggerAt}, or disarmed (0): its command's outcome. */
    default void cancelAllAfter(Command command, long triggerAt) {
    }

    /** A market's ticker changed (at most once a second per market). */
    default void ticker(Market market, TickerView ticker) {
    }

    /** A candle changed (at most 4 times a second per market and interval), or closed. */
    default void candle(Market market, CandleInterval interval, CandleView candle, boolean closed) {
    }

    /** The command is done. */
    default void commandEnd() {
    }
}
