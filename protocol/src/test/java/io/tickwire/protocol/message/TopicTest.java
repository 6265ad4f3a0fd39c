package io.tickwire.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicTest {

    @Test
    void parsesEveryKindAndPrintsItsWireName() {
        assertThat(Topic.parse("book.BTC-USDT")).isEqualTo(new Topic.Book("BTC-USDT"));
        assertThat(Topic.parse("trades.ETH-USDT")).isEqualTo(new Topic.Trades("ETH-USDT"));
        assertThat(Topic.parse("account")).isSameAs(Topic.ACCOUNT);
        for (String name : new String[] {"book.BTC-USDT", "trades.ETH-USDT", "account"}) {
            assertThat(Topic.parse(name).name()).isEqualTo(name);
        }
        assertThat(Topic.parse("book.BTC-USDT").isPublic()).isTrue();
        assertThat(Topic.ACCOUNT.isPublic()).isFalse();
    }

    @Test
    void malformedMarketsAreBadRequestsAndUnknownKindsAreUnknownTopics() {
        for (String bad : new String[] {"book.", "book.btc-usdt", "book.BTCUSDT", "book.BTC-USDT-X", "trades.BTC-", "",
                "book"}) {
            assertThatThrownBy(() -> Topic.parse(bad)).isInstanceOfSatisfying(TopicFormatException.class,
                    e -> assertThat(e.unknownKind()).as(bad).isFalse());
        }
        for (String unknown : new String[] {"orders.BTC-USDT", "accounts", "ticker.BTC-USDT"}) {
            assertThatThrownBy(() -> Topic.parse(unknown)).isInstanceOfSatisfying(TopicFormatException.class,
                    e -> assertThat(e.unknownKind()).as(unknown).isTrue());
        }
        assertThatThrownBy(() -> Topic.parse("book." + "A".repeat(10_000))).hasMessageContaining("longer than");
    }
}
