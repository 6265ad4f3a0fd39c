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
        for (String name : new String[] {"book.BTC-USDT", "trades.ETH-USDT", "account", "ticker.BTC-USDT",
                "candles.BTC-USDT.1m", "candles.ETH-USDT.1d"}) {
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
        for (String unknown : new String[] {"orders.BTC-USDT", "depth.BTC-USDT", "candles.BTC-USDT.2m"}) {
            assertThatThrownBy(() -> Topic.parse(unknown)).isInstanceOfSatisfying(TopicFormatException.class,
                    e -> assertThat(e.unknownKind()).as(unknown).isTrue());
        }
        assertThatThrownBy(() -> Topic.parse("book." + "A".repeat(10_000))).hasMessageContaining("longer than");
    }

    @Test
    void otherWellFormedNamesAreFeedTopicsOfACapturingRelay() {
        for (String name : new String[] {"btcusdt@trade", "btcusdt@depth20@100ms", "_rejected", "accounts",
                "ticker.btc-usd", "kraken.book.BTC_USD", "!miniTicker@arr", "ETH-USD:level2"}) {
            assertThat(Topic.parse(name)).as(name).isEqualTo(new Topic.Feed(name));
            assertThat(Topic.parse(name).isPublic()).isTrue();
        }
        for (String bad : new String[] {"btc usdt", "a/b", "x?y", "q\"", "A".repeat(Topic.MAX_LENGTH + 1)}) {
            assertThatThrownBy(() -> Topic.parse(bad)).as(bad).isInstanceOfSatisfying(TopicFormatException.class,
                    e -> assertThat(e.unknownKind()).isFalse());
        }
        for (String claimed : new String[] {"account", "book", "trades", "book.x", "trades.BTC-USDT",
                "ticker.BTC-USDT", "candles.BTC-USDT.1m"}) {
            assertThat(Topic.isFeedName(claimed)).as(claimed).isFalse();
            assertThatThrownBy(() -> new Topic.Feed(claimed)).isInstanceOf(TopicFormatException.class);
        }
    }
}
