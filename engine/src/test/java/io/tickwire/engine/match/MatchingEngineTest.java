package io.tickwire.engine.match;

import static io.tickwire.protocol.message.Side.BUY;
import static io.tickwire.protocol.message.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.event.Receipt;
import io.tickwire.protocol.book.BookChecksum;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.CancelReason;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderStatus;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.RejectCode;
import io.tickwire.protocol.message.Role;
import io.tickwire.protocol.message.TimeInForce;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MatchingEngineTest {

    Harness h;

    @BeforeEach
    void venue() {
        h = new Harness();
        for (long user = 1; user <= 4; user++) {
            h.deposit(user, "BTC", "10");
            h.deposit(user, "USDT", "100000");
        }
    }

    @Test
    void aCrossingOrderFillsAtTheMakersPriceAndBothSidesSettleWithFees() {
        Receipt sell = h.limit(1, SELL, "85000.00", "0.5");
        assertThat(sell.accepted()).isTrue();
        assertThat(h.balance(1, "BTC")).isEqualTo("9.50000000/0.50000000");

        Receipt buy = h.limit(2, BUY, "85010.00", "0.2");
        assertThat(buy.accepted()).isTrue();
        // Notional 17000; taker pays 0.2 % = 34, maker 0.1 % = 17. The buyer froze 17002 + 34.004 at its
        // limit and gets the unused 2.004 back when the order fills.
        assertThat(h.balance(2, "USDT")).isEqualTo("82966.000000/0.000000");
        assertThat(h.balance(2, "BTC")).isEqualTo("10.20000000/0.00000000");
        assertThat(h.balance(1, "USDT")).isEqualTo("116983.000000/0.000000");
        assertThat(h.balance(1, "BTC")).isEqualTo("9.50000000/0.30000000");
        assertThat(h.engine.accounts().feesCollected(h.btc.quote().id())).isEqualTo(51_000_000L);

        List<EventPayload.Trade> trades = h.last(EventPayload.Trade.class);
        assertThat(trades).extracting(t -> t.role() + " " + t.orderId() + " " + t.price() + " " + t.qty() + " "
                + t.fee()
                + " " + t.feeAsset()).containsExactly("TAKER 2 85000.00 0.200 34.000000 USDT",
                "MAKER 1 85000.00 0.200 17.000000 USDT");
        assertThat(h.last(EventPayload.MarketTrade.class)).singleElement()
                .satisfies(t -> assertThat(t.takerSide()).isEqualTo(BUY));
        assertThat(h.last(EventPayload.OrderUpdate.class)).extracting(u -> u.order().orderId() + " "
                + u.order().status()
                + " " + u.order().filledQty() + " " + u.order().avgPrice())
                .containsExactlyInAnyOrder("2 FILLED 0.200 85000.00", "1 PARTIALLY_FILLED 0.200 85000.00");
        assertThat(h.last(EventPayload.BookDelta.class)).singleElement().satisfies(d ->
                assertThat(d.changes()).extracting(c -> c.side() + " " + c.price() + " " + c.qty())
                        .containsExactly("SELL 85000.00 0.300"));
        assertThat(h.levels(SELL)).containsExactly("85000.00:0.300(1)");
        assertThat(h.levels(BUY)).isEmpty();
    }

    @Test
    void priceTimePriorityAcrossAndWithinLevels() {
        long o1 = h.limit(1, SELL, "101.00", "1").orderId();
        long o2 = h.limit(3, SELL, "100.00", "1").orderId();
        long o3 = h.limit(4, SELL, "100.00", "1").orderId();
        h.limit(2, BUY, "101.00", "2.5");
        assertThat(h.last(EventPayload.Trade.class)).filteredOn(t -> t.role() == Role.MAKER)
                .extracting(t -> t.orderId() + "@" + t.price() + "x" + t.qty())
                .containsExactly(o2 + "@100.00x1.000", o3 + "@100.00x1.000", o1 + "@101.00x0.500");
        assertThat(h.levels(SELL)).containsExactly("101.00:0.500(1)");
    }

    @Test
    void iocFillsWhatItCanAndCancelsTheRest() {
        h.limit(1, SELL, "100.00", "1");
        Receipt ioc = h.place(2, BUY, OrderType.LIMIT, TimeInForce.IOC, "100.00", "2", null);
        assertThat(ioc.accepted()).isTrue();
        assertThat(h.last(EventPayload.OrderUpdate.class)).filteredOn(u -> u.order().orderId() == ioc.orderId())
                .singleElement().satisfies(u -> {
                    assertThat(u.order().status()).isEqualTo(OrderStatus.CANCELED);
                    assertThat(u.order().cancelReason()).isEqualTo(CancelReason.IOC_REMAINDER);
                    assertThat(u.order().filledQty()).isEqualTo(Decimal.parse("1.000"));
                });
        assertThat(h.levels(BUY)).isEmpty();
        assertThat(h.balance(2, "USDT")).endsWith("/0.000000");
    }

    @Test
    void fokIsRejectedUnlessItCanFillEntirelyAtOnce() {
        h.limit(1, SELL, "100.00", "1");
        h.limit(3, SELL, "101.00", "1");
        Receipt tooMuch = h.place(2, BUY, OrderType.LIMIT, TimeInForce.FOK, "101.00", "2.001", null);
        assertThat(tooMuch.code()).isEqualTo(RejectCode.FOK_NOT_FILLABLE);
        Receipt tooLow = h.place(2, BUY, OrderType.LIMIT, TimeInForce.FOK, "100.00", "1.5", null);
        assertThat(tooLow.code()).isEqualTo(RejectCode.FOK_NOT_FILLABLE);
        assertThat(h.balance(2, "USDT")).isEqualTo("100000.000000/0.000000");
        Receipt fits = h.place(2, BUY, OrderType.LIMIT, TimeInForce.FOK, "101.00", "2", null);
        assertThat(fits.accepted()).isTrue();
        assertThat(h.levels(SELL)).isEmpty();
    }

    @Test
    void aCommandPastItsDeadlineIsRejectedAndChangesNothing() {
        long due = h.nextTs();
        Receipt onTime = h.run(new Command.Place(h.nextRequest(), 2, "BTC-USDT", BUY, OrderType.LIMIT,
                TimeInForce.GTC, Decimal.parse("100.00"), Decimal.parse("1"), null, due));
        assertThat(onTime.accepted()).as("at its deadline: still in time").isTrue();
        String before = h.balance(2, "USDT");
        Receipt late = h.run(new Command.Place(h.nextRequest(), 2, "BTC-USDT", BUY, OrderType.LIMIT,
                TimeInForce.GTC, Decimal.parse("100.00"), Decimal.parse("1"), null, h.nextTs() - 1));
        assertThat(late.code()).isEqualTo(RejectCode.DEADLINE_EXCEEDED);
        assertThat(h.balance(2, "USDT")).as("nothing frozen").isEqualTo(before);
        assertThat(h.levels(BUY)).containsExactly("100.00:1.000(1)");
        Receipt lateAmend = h.run(new Command.Amend(h.nextRequest(), 2, OrderRef.byId(onTime.orderId()),
                Decimal.parse("99.00"), null, h.nextTs() - 1));
        assertThat(lateAmend.code()).isEqualTo(RejectCode.DEADLINE_EXCEEDED);
        assertThat(h.levels(BUY)).as("the order as it was").containsExactly("100.00:1.000(1)");
        assertThat(h.run(new Command.Amend(h.nextRequest(), 2, OrderRef.byId(onTime.orderId()),
                Decimal.parse("99.00"), null, h.nextTs() + 60_000)).accepted()).isTrue();
    }

    @Test
    void postOnlyIsRejectedWhenItWouldTakeAndRestsOtherwise() {
        h.limit(1, SELL, "100.00", "1");
        Receipt taking = h.place(2, BUY, OrderType.LIMIT, TimeInForce.POST_ONLY, "100.00", "1", null);
        assertThat(taking.code()).isEqualTo(RejectCode.POST_ONLY_WOULD_TAKE);
        assertThat(taking.orderId()).isZero();
        Receipt resting = h.place(2, BUY, OrderType.LIMIT, TimeInForce.POST_ONLY, "99.99", "1", null);
        assertThat(resting.accepted()).isTrue();
        assertThat(h.levels(BUY)).containsExactly("99.99:1.000(1)");
    }

    @Test
    void aMarketBuySpendsOnlyWhatIsAvailable() {
        h.limit(1, SELL, "100.00", "1");
        h.limit(3, SELL, "110.00", "1");
        h.deposit(9, "USDT", "150");
        Receipt market = h.place(9, BUY, OrderType.MARKET, TimeInForce.IOC, null, "2", null);
        assertThat(market.accepted()).isTrue();
        // 1 @ 100 costs 100.2; the 49.8 left buys 0.451 @ 110 (49.709220 with fee), not 0.452 (49.819440).
        assertThat(h.balance(9, "BTC")).isEqualTo("1.45100000/0.00000000");
        assertThat(h.balance(9, "USDT")).isEqualTo("0.090780/0.000000");
        assertThat(h.last(EventPayload.OrderUpdate.class)).filteredOn(u -> u.order().orderId() == market.orderId())
                .singleElement().satisfies(u -> {
                    assertThat(u.order().status()).isEqualTo(OrderStatus.CANCELED);
                    assertThat(u.order().cancelReason()).isEqualTo(CancelReason.MARKET_REMAINDER);
                    assertThat(u.order().price()).isNull();
                });
    }

    @Test
    void marketOrdersNeedLiquidityAndFunds() {
        assertThat(h.place(2, BUY, OrderType.MARKET, TimeInForce.IOC, null, "1", null).code())
                .isEqualTo(RejectCode.NO_LIQUIDITY);
        h.limit(1, BUY, "100.00", "1");
        assertThat(h.place(2, SELL, OrderType.MARKET, TimeInForce.IOC, null, "10.001", null).code())
                .isEqualTo(RejectCode.INSUFFICIENT_BALANCE);
        assertThat(h.place(2, SELL, OrderType.MARKET, TimeInForce.GTC, null, "1", null).code())
                .isEqualTo(RejectCode.BAD_REQUEST);
        Receipt sell = h.place(2, SELL, OrderType.MARKET, TimeInForce.IOC, null, "2", null);
        assertThat(sell.accepted()).isTrue();
        assertThat(h.balance(2, "BTC")).isEqualTo("9.00000000/0.00000000");
    }

    @Test
    void selfTradePreventionCancelsTheTakersRemainderAndLeavesTheRestingOrder() {
        long own = h.limit(1, SELL, "100.00", "1").orderId();
        h.limit(3, SELL, "99.00", "0.5");
        Receipt taker = h.limit(1, BUY, "101.00", "2");
        assertThat(taker.accepted()).isTrue();
        assertThat(h.last(EventPayload.Trade.class)).extracting(EventPayload.Trade::qty)
                .containsOnly(Decimal.parse("0.500"));
        assertThat(h.last(EventPayload.OrderUpdate.class)).filteredOn(u -> u.order().orderId() == taker.orderId())
                .singleElement().satisfies(u -> {
                    assertThat(u.order().status()).isEqualTo(OrderStatus.CANCELED);
                    assertThat(u.order().cancelReason()).isEqualTo(CancelReason.SELF_TRADE);
                });
        assertThat(h.queue(SELL, "100.00")).containsExactly(own);
        assertThat(h.levels(BUY)).isEmpty();
        assertThat(h.balance(1, "USDT")).endsWith("/0.000000");
        assertThat(h.balance(1, "BTC")).isEqualTo("9.50000000/1.00000000");
    }

    @Test
    void cancelByIdOrClientIdReleasesWhatTheOrderHeld() {
        long a = h.limit(2, BUY, "100.00", "1").orderId();
        h.place(2, BUY, OrderType.LIMIT, TimeInForce.GTC, "99.00", "1", "mine-1");
        assertThat(h.balance(2, "USDT")).isEqualTo("99800.602000/199.398000");
        assertThat(h.cancel(2, a).accepted()).isTrue();
        assertThat(h.last(EventPayload.OrderUpdate.class)).singleElement()
                .satisfies(u -> assertThat(u.order().cancelReason()).isEqualTo(CancelReason.USER));
        Receipt byClientId = h.run(new Command.Cancel(h.nextRequest(), 2,
                OrderRef.byClientId("mine-1")));
        assertThat(byClientId.accepted()).isTrue();
        assertThat(byClientId.clientOrderId()).isEqualTo("mine-1");
        assertThat(h.balance(2, "USDT")).isEqualTo("100000.000000/0.000000");
        assertThat(h.levels(BUY)).isEmpty();
        assertThat(h.cancel(2, a).code()).isEqualTo(RejectCode.ORDER_NOT_OPEN);
        assertThat(h.cancel(2, 999).code()).isEqualTo(RejectCode.UNKNOWN_ORDER);
        long other = h.limit(3, BUY, "1.00", "1").orderId();
        assertThat(h.cancel(2,
                other).code()).as("another user's order is unknown to you").isEqualTo(RejectCode.UNKNOWN_ORDER);
    }

    @Test
    void cancelAllCancelsEveryOpenOrderOfTheUserOrOfOneMarketAndCounts() {
        long a = h.limit(2, BUY, "100.00", "1").orderId();
        long b = h.limit(2, BUY, "99.00", "1").orderId();
        h.limit(3, BUY, "98.00", "1");
        Receipt unknown = h.run(new Command.CancelAll(h.nextRequest(), 2, "NOPE-USDT"));
        assertThat(unknown.code()).isEqualTo(RejectCode.UNKNOWN_MARKET);
        Receipt otherMarket = h.run(new Command.CancelAll(h.nextRequest(), 2, "ETH-USDT"));
        assertThat(otherMarket.accepted()).isTrue();
        assertThat(otherMarket.canceled()).isZero();
        Receipt all = h.run(new Command.CancelAll(h.nextRequest(), 2, "BTC-USDT"));
        assertThat(all.accepted()).isTrue();
        assertThat(all.canceled()).isEqualTo(2);
        assertThat(h.last(EventPayload.OrderUpdate.class)).extracting(u -> u.order().orderId() + ":"
                + u.order().status() + ":" + u.order().cancelReason())
                .containsExactly(a + ":CANCELED:USER", b + ":CANCELED:USER");
        assertThat(h.levels(BUY)).as("another user's order stays").containsExactly("98.00:1.000(1)");
        assertThat(h.balance(2, "USDT")).isEqualTo("100000.000000/0.000000");
        Receipt none = h.run(new Command.CancelAll(h.nextRequest(), 2, null));
        assertThat(none.accepted()).isTrue();
        assertThat(none.canceled()).isZero();
        assertThat(h.run(new Command.CancelAll(h.nextRequest(), 999, null)).canceled())
                .as("a user with no account").isZero();
    }

    @Test
    void amendKeepsPriorityOnlyWhenItReducesTheQuantityAtTheSamePrice() {
        long o1 = h.limit(1, SELL, "100.00", "1").orderId();
        long o2 = h.limit(3, SELL, "100.00", "1").orderId();
        assertThat(h.amend(1, o1, null, "0.5").accepted()).isTrue();
        assertThat(h.queue(SELL, "100.00")).containsExactly(o1, o2);
        assertThat(h.balance(1, "BTC")).isEqualTo("9.50000000/0.50000000");
        assertThat(h.amend(1, o1, null, "2").accepted()).isTrue();
        assertThat(h.queue(SELL, "100.00")).containsExactly(o2, o1);
        assertThat(h.amend(3, o2, "101.00", null).accepted()).isTrue();
        assertThat(h.queue(SELL, "100.00")).containsExactly(o1);
        assertThat(h.queue(SELL, "101.00")).containsExactly(o2);
        assertThat(h.last(EventPayload.BookDelta.class)).singleElement().satisfies(d ->
                assertThat(d.changes()).extracting(c -> c.price() + "=" + c.qty())
                        .containsExactlyInAnyOrder("100.00=2.000", "101.00=1.000"));
    }

    @Test
    void amendAtOrBelowTheFilledQuantityCancels() {
        long o1 = h.limit(1, SELL, "100.00", "1").orderId();
        h.limit(2, BUY, "100.00", "0.4");
        assertThat(h.amend(1, o1, null, "0.4").accepted()).isTrue();
        assertThat(h.last(EventPayload.OrderUpdate.class)).singleElement().satisfies(u -> {
            assertThat(u.order().status()).isEqualTo(OrderStatus.CANCELED);
            assertThat(u.order().cancelReason()).isEqualTo(CancelReason.AMEND_BELOW_FILLED);
        });
        assertThat(h.balance(1, "BTC")).isEqualTo("9.60000000/0.00000000");
        assertThat(h.levels(SELL)).isEmpty();
    }

    @Test
    void anAmendThatCrossesTradesLikeANewOrder() {
        h.limit(2, BUY, "99.00", "1");
        long ask = h.limit(1, SELL, "101.00", "1").orderId();
        assertThat(h.amend(1, ask, "99.00", null).accepted()).isTrue();
        assertThat(h.last(EventPayload.Trade.class)).extracting(t -> t.role() + " " + t.price())
                .containsExactly("TAKER 99.00", "MAKER 99.00");
        assertThat(h.levels(BUY)).isEmpty();
        assertThat(h.levels(SELL)).isEmpty();
    }

    @Test
    void aBuyAmendNeedsTheFundsForItsNewTerms() {
        h.deposit(9, "USDT", "100.2");
        long bid = h.limit(9, BUY, "100.00", "1").orderId();
        assertThat(h.balance(9, "USDT")).isEqualTo("0.000000/100.200000");
        assertThat(h.amend(9, bid, "100.01", null).code()).isEqualTo(RejectCode.INSUFFICIENT_BALANCE);
        assertThat(h.amend(9, bid, "50.00", null).accepted()).isTrue();
        assertThat(h.balance(9, "USDT")).isEqualTo("50.100000/50.100000");
    }

    @Test
    void aClientOrderIdCannotBeUsedTwiceButARejectedPlaceDoesNotTakeIt() {
        Receipt first = h.place(2, BUY, OrderType.LIMIT, TimeInForce.GTC, "100.00", "1", "c-1");
        Receipt again = h.place(2, BUY, OrderType.LIMIT, TimeInForce.GTC, "100.00", "1", "c-1");
        assertThat(again.code()).isEqualTo(RejectCode.DUPLICATE_CLIENT_ORDER_ID);
        assertThat(again.orderId()).isEqualTo(first.orderId());
        assertThat(h.levels(BUY)).containsExactly("100.00:1.000(1)");
        h.cancel(2, first.orderId());
        assertThat(h.place(2, BUY, OrderType.LIMIT, TimeInForce.GTC, "100.00", "1", "c-1").code())
                .as("still taken after the order closed").isEqualTo(RejectCode.DUPLICATE_CLIENT_ORDER_ID);

        h.deposit(8, "USDT", "1");
        Receipt poor = h.place(8, BUY, OrderType.LIMIT, TimeInForce.GTC, "100.00", "1", "c-2");
        assertThat(poor.code()).isEqualTo(RejectCode.INSUFFICIENT_BALANCE);
        h.deposit(8, "USDT", "1000");
        assertThat(h.place(8, BUY, OrderType.LIMIT, TimeInForce.GTC, "100.00", "1", "c-2").accepted()).isTrue();
    }

    @Test
    void inputsAreCheckedAgainstTheMarketsScales() {
        assertThat(h.limit(2, BUY, "100.001", "1").code()).isEqualTo(RejectCode.INVALID_PRICE);
        assertThat(h.limit(2, BUY, "0", "1").code()).isEqualTo(RejectCode.INVALID_PRICE);
        assertThat(h.limit(2, BUY, "100.00", "0.0001").code()).isEqualTo(RejectCode.INVALID_QTY);
        assertThat(h.limit(2, BUY, "100.00", "0").code()).isEqualTo(RejectCode.INVALID_QTY);
        assertThat(h.limit(2, BUY, "92233720368547758.07", "1000").code()).isEqualTo(RejectCode.INVALID_QTY);
        assertThat(h.run(new Command.Place(h.nextRequest(), 2, "DOGE-USDT", BUY,
                OrderType.LIMIT, TimeInForce.GTC, Decimal.parse("1"), Decimal.parse("1"), null)).code())
                .isEqualTo(RejectCode.UNKNOWN_MARKET);
        assertThat(h.recorder.events()).isEmpty();
    }

    @Test
    void feesRoundDownSoTheyNeverExceedWhatWasReserved() {
        h.limit(1, SELL, "0.01", "0.001");
        h.limit(2, BUY, "0.01", "0.001");
        // Notional 0.00001 USDT (10 units at scale 6): 0.2 % of it is 0.02 units, rounded down to 0.
        assertThat(h.last(EventPayload.Trade.class)).extracting(t -> t.fee().toString())
                .containsExactly("0.000000", "0.000000");
        assertThat(h.balance(2, "USDT")).isEqualTo("99999.999990/0.000000");
    }

    @Test
    void oneCommandReportsEachOrderOnceAndOneNetDeltaWithTheBooksChecksum() {
        h.limit(1, SELL, "100.00", "1");
        h.limit(3, SELL, "100.00", "1");
        h.limit(4, SELL, "101.00", "1");
        h.limit(4, SELL, "102.00", "1");
        h.limit(2, BUY, "101.00", "2.5");
        assertThat(h.last(EventPayload.OrderUpdate.class)).hasSize(4);
        EventPayload.BookDelta delta = h.last(EventPayload.BookDelta.class).get(0);
        assertThat(delta.changes()).extracting(c -> c.side() + " " + c.price() + "=" + c.qty())
                .containsExactly("SELL 100.00=0.000", "SELL 101.00=0.500");
        List<Level> asks = new ArrayList<>();
        asks.add(new Level(Decimal.parse("101.00"), Decimal.parse("0.500")));
        asks.add(new Level(Decimal.parse("102.00"), Decimal.parse("1.000")));
        assertThat(delta.checksum()).isEqualTo(BookChecksum.of(List.of(), asks));
        // Balances: each touched (user, asset) once.
        assertThat(h.last(EventPayload.BalanceUpdate.class)).extracting(b -> b.balance().asset())
                .hasSize(8);
    }

    @Test
    void withdrawalsTakeOnlyWhatIsAvailable() {
        h.limit(1, SELL, "100.00", "4");
        assertThat(h.run(new Command.Withdraw(h.nextRequest(), 1, "BTC",
                Decimal.parse("6.00000001"))).code()).isEqualTo(RejectCode.INSUFFICIENT_BALANCE);
        assertThat(h.run(new Command.Withdraw(h.nextRequest(), 1, "BTC",
                Decimal.parse("6"))).accepted()).isTrue();
        assertThat(h.balance(1, "BTC")).isEqualTo("0.00000000/4.00000000");
        assertThat(h.run(new Command.Deposit(h.nextRequest(), 1, "XRP",
                Decimal.parse("1"))).code()).isEqualTo(RejectCode.UNKNOWN_ASSET);
        assertThat(h.run(new Command.Deposit(h.nextRequest(), 1, "BTC",
                Decimal.parse("0.000000001"))).code()).isEqualTo(RejectCode.INVALID_AMOUNT);
    }

    @Test
    void anAmendCannotGiveARestingOrderAValueThatOverflowsItsFills() {
        long ask = h.limit(1, SELL, "100.00", "1").orderId();
        // 9,220,000,000,000.00 x 1.000 is 9.22e18 quote units: it fits a long, but not with the fee.
        assertThat(h.amend(1, ask, "9220000000000.00", null).code()).isEqualTo(RejectCode.INVALID_QTY);
        assertThat(h.queue(SELL, "100.00")).containsExactly(ask);
        Receipt market = h.place(2, BUY, OrderType.MARKET, TimeInForce.IOC, null, "1", null);
        assertThat(market.accepted()).isTrue();
        assertThat(h.balance(2, "USDT")).isEqualTo("99899.800000/0.000000");
        assertThat(h.amend(1, h.limit(1, SELL, "100.00", "1").orderId(), null, "0.0009").code())
                .isIn(RejectCode.INVALID_QTY, RejectCode.BELOW_MIN_QTY);
    }

    @Test
    void depositsKeepEachAssetsVenueTotalWithinALongSoAFillNeverOverflowsABalance() {
        // BTC has 8 decimals: Long.MAX_VALUE units are 92,233,720,368.54775807 BTC, of which the
        // four users hold 40 already.
        assertThat(h.deposit(2, "BTC", "92233720327.54775807").accepted()).isTrue();
        assertThat(h.deposit(2, "USDT", "1000").accepted()).isTrue();
        assertThat(h.deposit(1, "BTC", "1").accepted()).as("brings the total to the maximum exactly").isTrue();

        Receipt over = h.deposit(9, "BTC", "0.00000001");
        assertThat(over.code()).isEqualTo(RejectCode.INVALID_AMOUNT);
        assertThat(over.message()).contains("total of BTC");
        assertThat(h.engine.accounts().get(9)).as("a refused deposit opens no account").isNull();

        // All but the 20 BTC of users 3 and 4 ends in one account through a fill: it settles.
        assertThat(h.limit(1, SELL, "100.00", "11").accepted()).isTrue();
        assertThat(h.limit(2, BUY, "100.00", "11").accepted()).isTrue();
        var buyer = h.engine.accounts().get(2);
        int btc = h.engine.markets().asset("BTC").id();
        assertThat(buyer.avail(btc)).isEqualTo(Long.MAX_VALUE - 20 * 100_000_000L);

        // A withdrawal makes room again.
        assertThat(h.run(new Command.Withdraw(h.nextRequest(), 2, "BTC",
                Decimal.parse("1"))).accepted()).isTrue();
        assertThat(h.deposit(3, "BTC", "1").accepted()).isTrue();
        assertThat(h.deposit(3, "BTC", "0.00000001").code()).isEqualTo(RejectCode.INVALID_AMOUNT);
    }
}
