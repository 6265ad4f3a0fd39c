package io.tickwire.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.Topic;
import io.tickwire.protocol.message.TopicFormatException;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** Protocol 1.1's order-entry messages and topics: what is refused, and how it is named. */
class VenueMessagesTest {

    private static final String ORDER = "{\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\","
            + "\"tif\":\"gtc\",\"price\":\"84000.00\",\"qty\":\"0.010\"}";

    private final JsonCodec codec = new JsonCodec();

    private DecodeError refused(String json) {
        Decoded<ClientMessage> decoded = codec.decodeClient(json);
        assertThat(decoded).as(json).isInstanceOf(Decoded.Invalid.class);
        return ((Decoded.Invalid<ClientMessage>) decoded).error();
    }

    @Test
    void aMalformedOrderRefusesTheWholeBatchNamingItsIndexAndField() {
        DecodeError error = refused("{\"type\":\"order.batch\",\"id\":20,\"orders\":[" + ORDER
                + ",{\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\",\"tif\":\"gtc\","
                + "\"price\":\"1\"}]}");
        assertThat(error.field()).isEqualTo("orders[1].qty");
        assertThat(error.message()).isEqualTo("orders[1].qty: is required");
        assertThat(error.id()).isEqualTo(20L);
        assertThat(refused("{\"type\":\"order.batch\",\"orders\":[" + ORDER.replace("\"price\":\"84000.00\",", "")
                + "]}").field()).isEqualTo("orders[0].price");
        assertThat(refused("{\"type\":\"order.batch\",\"orders\":[" + ORDER.replace("gtc", "day") + "]}").field())
                .isEqualTo("orders[0].tif");
    }

    @Test
    void aBatchHoldsAtLeastOneOrderAndIsReadUpToAHundred() {
        assertThat(refused("{\"type\":\"order.batch\",\"orders\":[]}").field()).isEqualTo("orders");
        String orders21 = String.join(",", Collections.nCopies(21, ORDER));
        assertThat(codec.decodeClient("{\"type\":\"order.batch\",\"orders\":[" + orders21 + "]}").orThrow())
                .as("21 is read: the engine answers batch_too_large").isInstanceOfSatisfying(
                        ClientMessage.OrderBatch.class, b -> assertThat(b.orders()).hasSize(21));
        String orders101 = String.join(",", Collections.nCopies(101, ORDER));
        assertThat(refused("{\"type\":\"order.batch\",\"orders\":[" + orders101 + "]}").field()).isEqualTo("orders");
    }

    @Test
    void theSwitchTimeoutIsZeroOrOneSecondToTenMinutes() {
        for (String bad : new String[] {"999", "600001", "-1", "\"60000\"", "1.5"}) {
            assertThat(refused("{\"type\":\"order.cancel_all_after\",\"timeout_ms\":" + bad + "}").field())
                    .as(bad).isEqualTo("timeout_ms");
        }
        assertThat(codec.decodeClient("{\"type\":\"order.cancel_all_after\",\"timeout_ms\":0}").orThrow())
                .isEqualTo(new ClientMessage.OrderCancelAllAfter(null, 0));
        assertThat(refused("{\"type\":\"session.cancel_on_disconnect\",\"enabled\":\"yes\"}").field())
                .isEqualTo("enabled");
    }

    @Test
    void tickerAndCandleTopicsParseAndAFeedMayStillUseTheirWordsInLowerCase() {
        assertThat(Topic.parse("ticker.BTC-USDT")).isEqualTo(Topic.ticker("BTC-USDT"));
        assertThat(Topic.parse("candles.ETH-USDT.4h").name()).isEqualTo("candles.ETH-USDT.4h");
        assertThat(Topic.parse("ticker.btcusdt")).isInstanceOf(Topic.Feed.class);
        assertThatThrownBy(() -> Topic.parse("candles.BTC-USDT.2m"))
                .isInstanceOfSatisfying(TopicFormatException.class, e -> assertThat(e.unknownKind()).isTrue());
    }
}
