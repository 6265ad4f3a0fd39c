package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.client.order.CommandKind;
import io.tickwire.client.order.CommandStatus;
import io.tickwire.client.order.DeadMansSwitch;
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
import io.tickwire.testkit.net.ChaosProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's half of protocol 1.1's order entry: batches, the dead man's switch, cancel on disconnect. */
class VenueFeaturesClientTest {

    @TempDir
    Path dir;

    @Test
    void aBatchResolvesWithEachOrdersResultAndTheSwitchArmsAndDisarms() throws Exception {
        try (TestVenue venue = new TestVenue(dir);
             TickwireClient client = TickwireClient.builder().uri(venue.ws(venue.port()))
                     .token(venue.token(TestVenue.BUYER)).build()) {
            client.connect().get(30, TimeUnit.SECONDS);
            TrackedCommand batch = client.placeBatch(List.of(
                    PlaceOrder.limit("BTC-USDT", Side.BUY, "1000.00", "0.001"),
                    PlaceOrder.limit("BTC-USDT", Side.BUY, "1000.01", "0.001")));
            assertThat(batch.kind()).isEqualTo(CommandKind.BATCH);
            assertThat(batch.resolved().get(30, TimeUnit.SECONDS).status()).isEqualTo(CommandStatus.ACCEPTED);
            ServerMessage.Receipt receipt = batch.receipt().get(30, TimeUnit.SECONDS);
            assertThat(receipt.results()).hasSize(2).allSatisfy(r -> {
                assertThat(r.rejectCode()).isNull();
                assertThat(r.clientOrderId()).as("the SDK names every order").isNotNull();
            });

            Optional<Instant> armed = client.cancelAllAfter(DeadMansSwitch.after(Duration.ofMinutes(1)))
                    .get(30, TimeUnit.SECONDS);
            assertThat(armed).hasValueSatisfying(at -> assertThat(at).isAfter(Instant.now().plusSeconds(50)));
            assertThat(client.cancelAllAfter(DeadMansSwitch.disarmed()).get(30, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void cancelOnDisconnectIsOnAgainAfterAReconnectAndAnAutoRefreshedSwitchHoldsWhileConnected() throws Exception {
        try (TestVenue venue = new TestVenue(dir);
             ChaosProxy proxy = new ChaosProxy(venue.port());
             TickwireClient client = TickwireClient.builder().uri(venue.ws(proxy.port()))
                     .token(venue.token(TestVenue.BUYER)).cancelOnDisconnect(true).build()) {
            client.connect().get(30, TimeUnit.SECONDS);
            List<Order> canceled = new CopyOnWriteArrayList<>();
            AccountSubscription mine = client.subscribe(Topic.account(), u -> {
                if (u instanceof Update.Event e && e.data() instanceof EventPayload.OrderUpdate update
                        && update.order().status() == OrderStatus.CANCELED) {
                    canceled.add(update.order());
                }
            });
            mine.ready().get(30, TimeUnit.SECONDS);
            client.cancelAllAfter(DeadMansSwitch.after(Duration.ofSeconds(1)).withAutoRefresh())
                    .get(30, TimeUnit.SECONDS);
            TrackedCommand first = client.placeOrder(PlaceOrder.limit("BTC-USDT", Side.BUY, "1000.00", "0.001"));
            assertThat(first.resolved().get(30, TimeUnit.SECONDS).status()).isEqualTo(CommandStatus.ACCEPTED);
            // Three timeouts pass: the auto-refresh keeps the order.
            Instant until = Instant.now().plusSeconds(3);
            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(until));
            assertThat(mine.account().openOrders()).hasSize(1);

            proxy.cutAll();
            await().atMost(Duration.ofSeconds(30)).until(() -> canceled.size() == 1);
            assertThat(canceled.get(0).cancelReason()).isEqualTo(CancelReason.DISCONNECT);

            client.cancelAllAfter(DeadMansSwitch.disarmed()).get(30, TimeUnit.SECONDS);
            TrackedCommand second = client.placeOrder(PlaceOrder.limit("BTC-USDT", Side.BUY, "1000.00", "0.001"));
            assertThat(second.resolved().get(30, TimeUnit.SECONDS).status()).isEqualTo(CommandStatus.ACCEPTED);
            proxy.cutAll();
            await().atMost(Duration.ofSeconds(30)).until(() -> canceled.size() == 2);
            assertThat(canceled.get(1).cancelReason()).as("enabled again on the new connection")
                    .isEqualTo(CancelReason.DISCONNECT);
        }
    }
}
