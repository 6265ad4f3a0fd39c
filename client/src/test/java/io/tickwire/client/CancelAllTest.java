package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.client.order.CancelAll;
import io.tickwire.client.order.CommandKind;
import io.tickwire.client.order.CommandStatus;
import io.tickwire.client.order.PlaceOrder;
import io.tickwire.client.order.TrackedCommand;
import io.tickwire.protocol.message.CancelReason;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.OrderStatus;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.Topic;
import io.tickwire.server.TestVenue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cancelAll} through the SDK: in another market it cancels nothing; everywhere, every open order of
 * the user goes, and the receipt counts them.
 */
class CancelAllTest {

    @TempDir
    Path dir;

    @Test
    void cancelAllCancelsTheUsersOpenOrdersAndCountsThem() throws Exception {
        try (TestVenue venue = new TestVenue(dir);
             TickwireClient client = TickwireClient.builder().uri(venue.ws(venue.port()))
                     .token(venue.token(TestVenue.BUYER)).build()) {
            client.connect().get(30, TimeUnit.SECONDS);
            List<Order> canceled = new CopyOnWriteArrayList<>();
            AccountSubscription mine = client.subscribe(Topic.account(), u -> {
                if (u instanceof Update.Event e && e.data() instanceof EventPayload.OrderUpdate update
                        && update.order().status() == OrderStatus.CANCELED) {
                    canceled.add(update.order());
                }
            });
            mine.ready().get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                TrackedCommand placed = client.placeOrder(
                        PlaceOrder.limit("BTC-USDT", Side.BUY, "1000.0" + i, "0.001"));
                assertThat(placed.resolved().get(30, TimeUnit.SECONDS).status()).isEqualTo(CommandStatus.ACCEPTED);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> mine.account().openOrders().size() == 3);
            TrackedCommand none = client.cancelAll(CancelAll.inMarket("ETH-USDT"));
            assertThat(none.receipt().get(30, TimeUnit.SECONDS).canceled()).isZero();
            TrackedCommand all = client.cancelAll(CancelAll.everywhere());
            assertThat(all.kind()).isEqualTo(CommandKind.CANCEL_ALL);
            ServerMessage.Receipt receipt = all.receipt().get(30, TimeUnit.SECONDS);
            assertThat(receipt.status().wire()).isEqualTo("accepted");
            assertThat(receipt.canceled()).isEqualTo(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> mine.account().openOrders().isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> canceled.size() == 3);
            assertThat(canceled).extracting(Order::cancelReason).containsOnly(CancelReason.USER);
        }
    }
}
