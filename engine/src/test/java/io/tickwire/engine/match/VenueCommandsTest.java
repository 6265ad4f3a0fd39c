package io.tickwire.engine.match;

import static io.tickwire.protocol.message.Side.BUY;
import static io.tickwire.protocol.message.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.event.Receipt;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.RejectCode;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The commands of protocol 1.1's order entry: batches, the dead man's switch, cancel on disconnect. */
class VenueCommandsTest {

    Harness h;

    @BeforeEach
    void venue() {
        h = new Harness();
        for (long user = 1; user <= 4; user++) {
            h.deposit(user, "BTC", "10");
            h.deposit(user, "USDT", "1000000");
        }
    }

    /** A batch's orders by index: each case builds them from the request id and the harness. */
    record BatchCase(String name, Function<Long, List<Command.Place>> orders, boolean accepted, RejectCode code,
                     List<String> results) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BatchCase> batches() {
        return Stream.of(
                new BatchCase("20 orders, all placed", r -> ladder(r, 20), true, null,
                        repeat("accepted", 20)),
                new BatchCase("21 orders, refused whole", r -> ladder(r, 21), false, RejectCode.BATCH_TOO_LARGE,
                        null),
                new BatchCase("one bad order among good ones", r -> List.of(
                        limit(r, BUY, "100.00", "1", "b-1"),
                        new Command.Place(r, 2, "NOPE-USDT", BUY, OrderType.LIMIT, TimeInForce.GTC,
                                Decimal.parse("1"), Decimal.parse("1"), "b-2"),
                        limit(r, BUY, "100.00", "0.0001", "b-3"),
                        limit(r, BUY, "99.00", "1", "b-4")), true, null,
                        List.of("accepted", "rejected:UNKNOWN_MARKET", "rejected:INVALID_QTY", "accepted")),
                new BatchCase("the same client id twice: the second is a duplicate", r -> List.of(
                        limit(r, BUY, "100.00", "1", "dup"), limit(r, BUY, "99.00", "1", "dup")), true, null,
                        List.of("accepted", "rejected:DUPLICATE_CLIENT_ORDER_ID")),
                new BatchCase("a sell that would trade with the batch's own bid: self-trade prevention", r -> List.of(
                        limit(r, BUY, "100.00", "1", "bid"),
                        new Command.Place(r, 2, "BTC-USDT", SELL, OrderType.LIMIT, TimeInForce.IOC,
                                Decimal.parse("100.00"), Decimal.parse("1"), "ask")), true, null,
                        List.of("accepted", "accepted")),
                new BatchCase("every order rejected", r -> List.of(
                        new Command.Place(r, 2, "BTC-USDT", BUY, OrderType.LIMIT, TimeInForce.GTC,
                                Decimal.parse("100.00"), Decimal.parse("1"), null, 1)), false,
                        RejectCode.DEADLINE_EXCEEDED, List.of("rejected:DEADLINE_EXCEEDED")));
    }

    @ParameterizedTest
    @MethodSource("batches")
    void aBatchPlacesEachOrderInTurnAndAnswersOncePerOrder(BatchCase c) {
        long request = h.nextRequest();
        Receipt receipt = h.run(new Command.PlaceBatch(request, 2, c.orders().apply(request)));
        assertThat(receipt.accepted()).isEqualTo(c.accepted());
        assertThat(receipt.code()).isEqualTo(c.code());
        assertThat(h.recorder.receipts()).as("one receipt for the batch").hasSize(1);
        if (c.results() == null) {
            assertThat(receipt.results()).isNull();
            assertThat(h.engine.openOrderCount()).isZero();
            return;
        }
        assertThat(receipt.results()).extracting(r -> r.accepted() ? "accepted" : "rejected:" + r.code())
                .containsExactlyElementsOf(c.results());
        assertThat(receipt.results()).allSatisfy(r -> assertThat(r.requestId()).isEqualTo(request));
        assertThat(receipt.results()).filteredOn(Receipt::accepted).allSatisfy(r ->
                assertThat(r.orderId()).isPositive());
    }

    @Test
    void aBatchsOrdersAreSequencedInTheGivenOrderWithIdsInThatOrder() {
        long request = h.nextRequest();
        Receipt receipt = h.run(new Command.PlaceBatch(request, 2, ladder(request, 5)));
        List<Long> ids = receipt.results().stream().map(Receipt::orderId).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(ids.get(4) - ids.get(0)).as("nothing took an id between them").isEqualTo(4);
        assertThat(h.levels(BUY)).first().isEqualTo("100.00:1.000(1)");
    }

    @Test
    void aSelfTradeWithinABatchCancelsTheTakersRemainderAndKeepsTheBid() {
        long request = h.nextRequest();
        Receipt receipt = h.run(new Command.PlaceBatch(request, 2, List.of(limit(request, BUY, "100.00", "1", "bid"),
                limit(request, SELL, "100.00", "1", "ask"))));
        assertThat(receipt.results()).allMatch(Receipt::accepted);
        assertThat(h.last(EventPayload.OrderUpdate.class)).extracting(u -> u.order().clientOrderId() + ":"
                + u.order().status() + ":" + u.order().cancelReason())
                .containsExactly("bid:NEW:null", "ask:CANCELED:SELF_TRADE");
        assertThat(h.last(EventPayload.Trade.class)).isEmpty();
        assertThat(h.levels(BUY)).containsExactly("100.00:1.000(1)");
    }

    @Test
    void theDeadMansSwitchArmsReArmsDisarmsAndFiresOnlyForItsLatestArming() {
        long a = h.limit(2, BUY, "100.00", "1").orderId();
        long b = h.limit(2, BUY, "99.00", "1").orderId();
        h.limit(3, BUY, "98.00", "1");

        long armedAt = h.nextTs();
        Receipt arm = h.run(new Command.CancelAllAfter(h.nextRequest(), 2, 60_000));
        assertThat(arm.triggerAt()).isEqualTo(armedAt + 60_000);
        Receipt tooShort = h.run(new Command.CancelAllAfter(h.nextRequest(), 2, 999));
        assertThat(tooShort.code()).isEqualTo(RejectCode.BAD_REQUEST);
        assertThat(h.engine.armedSwitches()).containsEntry(2L, armedAt + 60_000);

        long reArmedAt = h.nextTs();
        Receipt reArm = h.run(new Command.CancelAllAfter(h.nextRequest(), 2, 1_000));
        assertThat(reArm.triggerAt()).isEqualTo(reArmedAt + 1_000);
        Receipt stale = h.run(new Command.FireCancelAllAfter(0, 2, arm.triggerAt()));
        assertThat(stale.accepted()).as("the first arming was replaced").isFalse();
        assertThat(h.engine.openOrderCount()).isEqualTo(3);

        Receipt fire = h.run(new Command.FireCancelAllAfter(0, 2, reArm.triggerAt()));
        assertThat(fire.canceled()).isEqualTo(2);
        assertThat(h.last(EventPayload.OrderUpdate.class)).extracting(u -> u.order().orderId() + ":"
                + u.order().cancelReason()).containsExactly(a + ":DEAD_MAN_SWITCH", b + ":DEAD_MAN_SWITCH");
        assertThat(h.levels(BUY)).as("another user's order stays").containsExactly("98.00:1.000(1)");
        assertThat(h.engine.armedSwitches()).as("a switch fires once").isEmpty();
        assertThat(h.run(new Command.FireCancelAllAfter(0, 2, reArm.triggerAt())).accepted()).isFalse();

        h.run(new Command.CancelAllAfter(h.nextRequest(), 3, 5_000));
        Receipt disarm = h.run(new Command.CancelAllAfter(h.nextRequest(), 3, 0));
        assertThat(disarm.accepted()).isTrue();
        assertThat(disarm.triggerAt()).isZero();
        assertThat(h.engine.armedSwitches()).isEmpty();
    }

    @Test
    void cancelDisconnectedCancelsOnlyTheListedOrdersStillOpenOfThatUser() {
        long mine = h.limit(2, BUY, "100.00", "1").orderId();
        long otherConnection = h.limit(2, BUY, "99.00", "1").orderId();
        long filled = h.limit(2, BUY, "101.00", "1").orderId();
        h.limit(1, SELL, "101.00", "1");
        long someoneElses = h.limit(3, BUY, "98.00", "1").orderId();
        Receipt receipt = h.run(new Command.CancelDisconnected(0, 2, List.of(mine, filled, someoneElses, 12345L)));
        assertThat(receipt.canceled()).isEqualTo(1);
        assertThat(h.last(EventPayload.OrderUpdate.class)).extracting(u -> u.order().orderId() + ":"
                + u.order().cancelReason()).containsExactly(mine + ":DISCONNECT");
        assertThat(h.engine.openOrder(otherConnection)).isNotNull();
        assertThat(h.engine.openOrder(someoneElses)).isNotNull();
    }

    private static Command.Place limit(long request, Side side, String price, String qty,
                                       String clientId) {
        return new Command.Place(request, 2, "BTC-USDT", side, OrderType.LIMIT, TimeInForce.GTC, Decimal.parse(price),
                Decimal.parse(qty), clientId);
    }

    /** Bids of user 2 at 100.00, 99.99, ... */
    private static List<Command.Place> ladder(long request, int n) {
        List<Command.Place> orders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            orders.add(limit(request, BUY, Decimal.of(10_000 - i, 2).toString(), "1", "l-" + i));
        }
        return orders;
    }

    private static List<String> repeat(String value, int n) {
        return Collections.nCopies(n, value);
    }
}
