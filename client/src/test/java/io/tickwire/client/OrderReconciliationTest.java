package io.tickwire.client;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.client.order.AmendOrder;
import io.tickwire.client.order.CommandEvent;
import io.tickwire.client.order.CommandKind;
import io.tickwire.client.order.CommandOutcome;
import io.tickwire.client.order.CommandStatus;
import io.tickwire.client.order.PlaceOrder;
import io.tickwire.client.order.TrackedCommand;
import io.tickwire.client.order.UnknownExecutionException;
import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderStatus;
import io.tickwire.protocol.message.ReceiptStatus;
import io.tickwire.protocol.message.RejectCode;
import io.tickwire.protocol.message.Side;
import io.tickwire.server.TestVenue;
import io.tickwire.testkit.net.ChaosProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection is cut right after {@code order.place} is sent, before and after the server
 * processed it: {@code resolved()} ends in the right state, and the order is never placed twice.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // an end-to-end test that hangs fails instead
class OrderReconciliationTest {

    @TempDir
    Path dir;
    TestVenue venue;
    ChaosProxy proxy;
    TickwireClient client;

    final ListenerLog log = new ListenerLog();
    final List<SessionEvent> session = log.session;

    @BeforeEach
    void start() throws Exception {
        venue = new TestVenue(dir);
        proxy = new ChaosProxy(venue.port());
        client = TickwireClient.builder()
                .uri(venue.ws(proxy.port()))
                .restUri(venue.rest()) // lookups go straight to the server, not through the proxy
                .token(venue.token(TestVenue.BUYER))
                .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(200)).fullJitter())
                .reconcileAfter(Duration.ofMillis(300))
                .pingInterval(Duration.ofMillis(100)) // notices a cut connection the JDK did not report
                .readTimeout(Duration.ofSeconds(3))
                .listener(log)
                .build();
        client.connect();
        Recorder.await("connected", 10_000, () -> client.connectionState().status() == ConnectionStatus.CONNECTED);
    }

    private CommandOutcome resolved(TrackedCommand handle) throws Exception {
        try {
            return handle.resolved().get(15, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("not resolved: " + handle + " history " + handle.history() + " session " + session
                    + " state " + client.connectionState(), e);
        }
    }

    /** What the client's listener heard about {@code command}, in order. */
    private List<CommandEvent> heard(TrackedCommand command) {
        return log.commands.stream().filter(h -> h.command() == command).map(ListenerLog.Heard::event).toList();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        proxy.close();
        venue.close();
    }

    private List<Order> lookup(String clientOrderId) throws Exception {
        var http = HttpClient.newHttpClient();
        var response = http.send(HttpRequest.newBuilder(
                        URI.create(venue.rest() + "/api/v1/orders?client_order_id=" + clientOrderId))
                .header("Authorization", "Bearer " + venue.token(TestVenue.BUYER)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return new JsonCodec().decodeOrders(response.body()).orThrow();
    }

    private static PlaceOrder farBid(String clientOrderId) {
        return PlaceOrder.limit("BTC-USDT", Side.BUY, "100.00", "0.001").withClientOrderId(clientOrderId);
    }

    @Test
    void aPlaceLostBeforeTheServerSawItResolvesAsNotExecuted() throws Exception {
        proxy.swallowUpstream();
        TrackedCommand handle = client.placeOrder(farBid("cut-before-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.swallowedUpstream() > 0); // written, and swallowed
        proxy.cutAll();

        CommandOutcome outcome = resolved(handle);
        assertThat(outcome.status()).isEqualTo(CommandStatus.NOT_EXECUTED);
        assertThat(handle.status()).isEqualTo(CommandStatus.NOT_EXECUTED);
        assertThatThrownBy(() -> handle.receipt().get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownExecutionException.class);
        assertThat(handle.history()).hasAtLeastOneElementOfType(CommandEvent.RecoveryScheduled.class)
                .last().isInstanceOf(CommandEvent.RecoveryCompleted.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> heard(handle).size() == handle.history().size());
        assertThat(heard(handle)).as("the listener hears each step, in order").isEqualTo(handle.history());
        assertThat(lookup("cut-before-1")).isEmpty();

        // Safe to send again: it is placed once.
        TrackedCommand again = client.placeOrder(farBid("cut-before-1"));
        assertThat(again.resolved().get(10, TimeUnit.SECONDS).status()).isEqualTo(CommandStatus.ACCEPTED);
        assertThat(lookup("cut-before-1")).hasSize(1);
    }

    @Test
    void aPlaceWhoseReceiptWasLostResolvesAsSynchronizedAndIsNeverPlacedTwice() throws Exception {
        proxy.swallowDownstream();
        TrackedCommand handle = client.placeOrder(farBid("cut-after-1"));
        Recorder.await("the server to have the order", 10_000, () -> {
            try {
                return !lookup("cut-after-1").isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(handle.ack()).isNotDone(); // the ack was swallowed too
        proxy.cutAll();

        CommandOutcome outcome = resolved(handle);
        assertThat(outcome.status()).isEqualTo(CommandStatus.SYNCHRONIZED);
        assertThat(outcome.order().clientOrderId()).isEqualTo("cut-after-1");
        assertThat(outcome.order().status()).isEqualTo(OrderStatus.NEW);
        assertThatThrownBy(() -> handle.ack().get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(UnknownExecutionException.class);
        assertThat(handle.history()).last().isInstanceOfSatisfying(CommandEvent.RecoveryCompleted.class,
                done -> assertThat(done.report().found()).isPresent());

        // A retry with the same id is refused by the server: never placed twice.
        TrackedCommand retry = client.placeOrder(farBid("cut-after-1"));
        CommandOutcome refused = retry.resolved().get(10, TimeUnit.SECONDS);
        assertThat(refused.status()).isEqualTo(CommandStatus.REJECTED);
        assertThat(refused.receipt().rejectCode()).isEqualTo(RejectCode.DUPLICATE_CLIENT_ORDER_ID);
        assertThat(refused.receipt().orderId()).isEqualTo(outcome.order().orderId());
        assertThat(lookup("cut-after-1")).hasSize(1);
    }

    @Test
    void aNormalPlaceAndCancelGoThroughAckAndReceipt() throws Exception {
        TrackedCommand place = client.placeOrder(PlaceOrder.limit("BTC-USDT", Side.BUY, "100.00", "0.001"));
        assertThat(place.clientOrderId()).startsWith("tw-");
        assertThat(place.ack().get(10, TimeUnit.SECONDS).requestId()).isNotBlank();
        var receipt = place.receipt().get(10, TimeUnit.SECONDS);
        assertThat(receipt.status()).isEqualTo(ReceiptStatus.ACCEPTED);
        assertThat(receipt.clientOrderId()).isEqualTo(place.clientOrderId());
        assertThat(place.resolved().get().status()).isEqualTo(CommandStatus.ACCEPTED);
        assertThat(place.history()).extracting(e -> e.getClass().getSimpleName()).containsExactly("Ack", "Receipt");
        assertThat(place.kind()).isEqualTo(CommandKind.PLACE);
        await().atMost(Duration.ofSeconds(10)).until(() -> heard(place).size() == 2);
        assertThat(heard(place)).as("the listener hears each step, in order").isEqualTo(place.history());

        TrackedCommand cancel = client.cancel(OrderRef.byClientId(place.clientOrderId()));
        assertThat(cancel.resolved().get(10, TimeUnit.SECONDS).status()).isEqualTo(CommandStatus.ACCEPTED);
        assertThat(cancel.kind()).isEqualTo(CommandKind.CANCEL);
        assertThat(lookup(place.clientOrderId())).singleElement()
                .extracting(Order::status).isEqualTo(OrderStatus.CANCELED);

        TrackedCommand late = client.amend(AmendOrder.price(OrderRef.byClientId(place.clientOrderId()), "101.00"));
        CommandOutcome rejected = late.resolved().get(10, TimeUnit.SECONDS);
        assertThat(rejected.status()).isEqualTo(CommandStatus.REJECTED);
        assertThat(rejected.message()).contains("order_not_open");
        assertThat(late.kind()).isEqualTo(CommandKind.AMEND);
    }

    @Test
    void aCancelLostBeforeTheServerSawItIsNotExecutedAndTheOrderIsStillOpen() throws Exception {
        TrackedCommand place = client.placeOrder(farBid("cancel-cut-1"));
        assertThat(place.resolved().get(10, TimeUnit.SECONDS).status()).isEqualTo(CommandStatus.ACCEPTED);
        proxy.swallowUpstream();
        TrackedCommand cancel = client.cancel(OrderRef.byClientId("cancel-cut-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.swallowedUpstream() > 0);
        proxy.cutAll();

        CommandOutcome outcome = resolved(cancel);
        assertThat(outcome.status()).isEqualTo(CommandStatus.NOT_EXECUTED);
        assertThat(outcome.order().status()).isEqualTo(OrderStatus.NEW);
        assertThat(outcome.message()).contains("the cancel did not take effect");
        assertThat(lookup("cancel-cut-1")).singleElement().extracting(Order::status).isEqualTo(OrderStatus.NEW);
    }

    @Test
    void aCallerBlockingInOneFutureDoesNotStallTheOthers() throws Exception {
        TrackedCommand place = client.placeOrder(farBid("blocking-1"));
        // Waits for the receipt inside the ack's callback: must not deadlock the completions.
        var chained = place.ack().thenApply(ack -> place.receipt().join().status());
        assertThat(chained.get(10, TimeUnit.SECONDS)).isEqualTo(ReceiptStatus.ACCEPTED);
    }

    @Test
    void aCommandWhileDisconnectedIsNotSentAndSaysSo() throws Exception {
        proxy.close();
        Recorder.await("disconnected", 10_000, () -> client.connectionState().status() == ConnectionStatus.DEGRADED);
        TrackedCommand handle = client.placeOrder(farBid("offline-1"));
        CommandOutcome outcome = handle.resolved().get(5, TimeUnit.SECONDS);
        assertThat(outcome.status()).isEqualTo(CommandStatus.NOT_EXECUTED);
        assertThat(outcome.message()).contains("not connected");
    }
}
