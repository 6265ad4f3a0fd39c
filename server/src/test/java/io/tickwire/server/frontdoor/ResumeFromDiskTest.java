package io.tickwire.server.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.engine.command.Command;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.testkit.ws.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resume older than the memory history is read from the journal's segments on the reader
 * thread while the live stream runs on; it joins the live stream with nothing missed and nothing
 * repeated.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResumeFromDiskTest {
    private static final String BOOK = "book.BTC-USDT";

    @TempDir
    Path dir;

    @Test
    void aResumeFromDiskJoinsTheLiveStreamWithoutGapOrRepeat() throws Exception {
        // A memory history of 16 events per stream: any resume further back reads the disk.
        try (TickwireServer server = TestServers.start(dir, FrontDoorConfig.defaults(0),
                core -> core.withJournal(core.journal().withHistory(16, Duration.ofHours(1))))) {
            AtomicLong requests = new AtomicLong(1);
            submit(server, new Command.Deposit(requests.getAndIncrement(), 7001, "USDT", Decimal.parse("1000000000")));
            for (int i = 0; i < 1000; i++) {
                place(server, requests, i);
            }
            long cursor = 50;
            while (server.core().journal().lastSeq(BOOK) < 1000) {
                Thread.onSpinWait();
            }
            String epoch = server.core().journal().epoch();

            AtomicBoolean producing = new AtomicBoolean(true);
            // About 5,000 events a second until the client has followed 2,000 live ones.
            Thread producer = Thread.ofPlatform().name("producer").start(() -> {
                for (int i = 1000; producing.get() && i < 200_000; i++) {
                    place(server, requests, i);
                    LockSupport.parkNanos(200_000);
                }
            });
            try (WsTestClient client = WsTestClient.connect(server.port(), null)) {
                client.send("{\"type\":\"subscribe\",\"id\":1,\"topic\":\"" + BOOK + "\",\"since\":{\"epoch\":\""
                        + epoch + "\",\"seq\":" + cursor + "}}");
                ServerMessage.Subscribed subscribed = client.await(ServerMessage.Subscribed.class);
                assertThat(subscribed.recovered()).isTrue();
                // Live events flow while the resume catches up: take a good stretch of them.
                long seq = cursor;
                long until = subscribed.seq() + 2_000;
                while (seq < until) {
                    StreamEvent e = client.await(m -> m instanceof StreamEvent ev && ev.topic().name().equals(BOOK));
                    assertThat(e.data()).isInstanceOf(EventPayload.BookDelta.class);
                    assertThat(e.seq()).as("dense after the cursor, no repeat").isEqualTo(seq + 1);
                    seq = e.seq();
                }
            } finally {
                producing.set(false);
                producer.join();
            }
            assertThat(server.metricsText()).containsPattern("tickwire_resumes_from_disk_total [1-9]");
        }
    }

    /** A resting buy on its own level: one book delta each. */
    private static void place(TickwireServer server, AtomicLong requests, int i) {
        submit(server, new Command.Place(requests.getAndIncrement(), 7001, "BTC-USDT", Side.BUY, OrderType.LIMIT,
                TimeInForce.GTC, Decimal.of(1_000_000 + (i % 5_000), 2), Decimal.parse("0.0001"), null));
    }

    private static void submit(TickwireServer server, Command command) {
        while (!server.core().submit(command)) {
            Thread.onSpinWait();
        }
    }
}
