package io.tickwire.protocol.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.OrderStatus;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Role;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountStateTest {

    private static Order order(long id, String clientId, OrderStatus status) {
        return new Order(id, clientId, "BTC-USDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                Decimal.parse("85000.00"),
                Decimal.parse("0.001"), status, Decimal.parse("0"), null, 1);
    }

    private static Balance usdt(String avail) {
        return new Balance("USDT", Decimal.parse(avail), Decimal.parse("0"));
    }

    @Test
    void foldsBalancesAndOrdersAndSaysWhichOrderClosed() {
        AccountState state = new AccountState();
        state.load(List.of(usdt("100")), List.of(order(1, "a", OrderStatus.NEW)));
        assertThat(state.apply(new EventPayload.BalanceUpdate(usdt("90")))).isNull();
        assertThat(state.balance("USDT").avail()).isEqualTo(Decimal.parse("90"));
        assertThat(state.apply(new EventPayload.OrderUpdate(order(2, "b", OrderStatus.NEW)))).isNull();
        assertThat(state.openOrders()).extracting(Order::orderId).containsExactly(1L, 2L);
        assertThat(state.openOrderByClientId("b").orderId()).isEqualTo(2);
        Order filled = order(1, "a", OrderStatus.FILLED);
        assertThat(state.apply(new EventPayload.OrderUpdate(filled))).isEqualTo(filled);
        assertThat(state.openOrder(1)).isNull();
        assertThat(state.openOrdersByClientId()).containsOnlyKeys("b");
        assertThat(state.snapshot()).isEqualTo(new EventPayload.AccountSnapshot(List.of(usdt("90")),
                List.of(order(2, "b", OrderStatus.NEW))));
    }

    @Test
    void aSnapshotReplacesEverythingAndATradeChangesNothing() {
        AccountState state = new AccountState();
        state.load(List.of(usdt("100")), List.of(order(1, "a", OrderStatus.NEW)));
        assertThat(state.apply(new EventPayload.Trade(7, 1, "BTC-USDT", Side.BUY, Role.MAKER, Decimal.parse("85000.00"),
                Decimal.parse("0.0005"), Decimal.parse("0"), "USDT", 2))).isNull();
        assertThat(state.openOrder(1).status()).isEqualTo(OrderStatus.NEW);
        state.apply(new EventPayload.AccountSnapshot(List.of(usdt("5")), List.of()));
        assertThat(state.balances()).containsExactly(usdt("5"));
        assertThat(state.openOrders()).isEmpty();
    }
}
