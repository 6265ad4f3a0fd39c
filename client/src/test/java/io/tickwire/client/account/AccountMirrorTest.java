package io.tickwire.client.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.client.internal.AccountReplica;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.OrderStatus;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.protocol.message.Topic;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountMirrorTest {

    static StreamEvent event(long seq, EventPayload payload) {
        return new StreamEvent(Topic.account(), "e1", seq, 1, payload);
    }

    static Order order(long id, OrderStatus status) {
        return new Order(id, "c" + id, "BTC-USDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, Decimal.parse("1.00"),
                Decimal.parse("1.000"), status, Decimal.parse("0.000"), null, 1);
    }

    static Balance balance(String asset, String avail) {
        return new Balance(asset, Decimal.parse(avail), Decimal.parse("0"));
    }

    @Test
    void snapshotThenEventsKeepBalancesAndOpenOrders() {
        AccountReplica mirror = new AccountReplica();
        mirror.apply(event(5, new EventPayload.AccountSnapshot(List.of(balance("USDT", "100")), List.of(order(1,
                OrderStatus.NEW)))));
        assertThat(mirror.apply(event(6, new EventPayload.OrderUpdate(order(2, OrderStatus.NEW))))).isEmpty();
        assertThat(mirror.apply(event(7, new EventPayload.BalanceUpdate(balance("USDT", "99"))))).isEmpty();
        assertThat(mirror.apply(event(8, new EventPayload.OrderUpdate(order(1, OrderStatus.FILLED))))).isEmpty();
        assertThat(mirror.openOrders()).extracting(Order::orderId).containsExactly(2L);
        assertThat(mirror.balance("USDT")).contains(balance("USDT", "99"));
        assertThat(mirror.openOrdersByClientId()).containsOnlyKeys("c2");
        assertThat(mirror.seq()).isEqualTo(8);
    }

    @Test
    void holesAreReportedAndDuplicatesIgnored() {
        AccountReplica mirror = new AccountReplica();
        mirror.apply(event(5, new EventPayload.AccountSnapshot(List.of(), List.of())));
        mirror.apply(event(6, new EventPayload.BalanceUpdate(balance("BTC", "1"))));
        assertThat(mirror.apply(event(6, new EventPayload.BalanceUpdate(balance("BTC", "5"))))).isEmpty();
        assertThat(mirror.balance("BTC")).contains(balance("BTC", "1"));
        assertThat(mirror.apply(event(9, new EventPayload.BalanceUpdate(balance("BTC", "2")))))
                .contains(new AccountReplica.Hole(7, 9));
        assertThat(mirror.seq()).as("resume from here").isEqualTo(6);
        assertThat(mirror.apply(new StreamEvent(Topic.account(), "e2", 1, 1,
                new EventPayload.BalanceUpdate(balance("BTC", "3"))))).contains(new AccountReplica.Hole(7, 1));
    }
}
