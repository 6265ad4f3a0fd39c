package io.tickwire.nats.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.tickwire.engine.command.Command;
import io.tickwire.journal.Journal;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.nats.wire.BatchFrame;
import io.tickwire.nats.wire.PublishedBatch;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.server.TestVenue;
import io.tickwire.server.core.CoreBatch;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import io.tickwire.testkit.nats.NatsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A core publishing to a real nats-server: every durable batch reaches the stream once, in order,
 * with the journal's events; trading goes on while NATS is down and the stream catches up after;
 * a batch too large for a NATS message is cut and put back together; a re-publish is dropped.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JetStreamPublisherTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static JetStreamConfig config(NatsServer nats) {
        return JetStreamConfig.defaults(nats.url(), "TICKWIRE").withAckTimeout(Duration.ofSeconds(2));
    }

    private static List<PublishedBatch> journalBatches(Journal<CoreBatch> journal) {
        List<PublishedBatch> batches = new ArrayList<>();
        journal.readBatches(0, b -> batches.add(new PublishedBatch(journal.epoch(), b.number(), b.ts(), b.events())));
        return batches;
    }

    /** The stream holds the journal, every batch the publisher had acknowledged at least. */
    private static void assertStreamIsTheJournal(NatsServer nats, JetStreamConfig config, Journal<CoreBatch> journal,
                                                 long acknowledged) throws Exception {
        StreamContent.read(nats.url(), config).assertIsTheJournal(journal, acknowledged);
    }

    @Test
    void everyDurableBatchReachesTheStreamOnceInOrder() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            JetStreamConfig config = config(nats);
            JetStreamPublisher publisher = new JetStreamPublisher(config);
            try (TestVenue venue = new TestVenue(dir.resolve("core"), FrontDoorConfig.defaults(0),
                    List.of(publisher))) {
                for (int i = 0; i < 300; i++) {
                    venue.trade(i);
                }
                venue.barrier();
                Journal<CoreBatch> journal = venue.server().core().journal();
                await().atMost(WAIT).until(() -> publisher.lastAcknowledged() == journal.lastBatch());
                assertThat(publisher.lagBatches()).isZero();
                assertStreamIsTheJournal(nats, config, journal, publisher.lastAcknowledged());
                assertThat(StreamContent.read(nats.url(), config).receipts())
                        .as("a receipt per command, live: 4 deposits, 2 orders a trade, the barrier deposit")
                        .isEqualTo(4 + 600 + 1);
                // The core's clock may add a batch (a statistics tick) at any time: the gauge follows.
                await().atMost(WAIT).until(() -> venue.server().metricsText().contains(
                        "tickwire_nats_last_acked_batch " + publisher.lastAcknowledged() + ".0"));
                assertThat(venue.server().metricsText()).contains("tickwire_nats_connected 1.0");
            }
        }
    }

    @Test
    void theCoreTradesWhileNatsIsDownAndTheStreamCatchesUpAfter() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            JetStreamConfig config = config(nats);
            JetStreamPublisher publisher = new JetStreamPublisher(config);
            try (TestVenue venue = new TestVenue(dir.resolve("core"), FrontDoorConfig.defaults(0),
                    List.of(publisher))) {
                Journal<CoreBatch> journal = venue.server().core().journal();
                for (int i = 0; i < 50; i++) {
                    venue.trade(i);
                }
                venue.barrier();
                await().atMost(WAIT).until(() -> publisher.lastAcknowledged() == journal.lastBatch());

                nats.kill();
                long before = journal.lastBatch();
                for (int i = 0; i < 40; i++) {
                    venue.trade(i);
                    venue.barrier(); // many small batches rather than a few large ones
                }
                assertThat(journal.lastBatch()).as("trading went on: a batch per barrier at least")
                        .isGreaterThanOrEqualTo(before + 40);
                await().atMost(WAIT).until(() -> !publisher.connected());
                assertThat(publisher.lastAcknowledged()).isLessThan(journal.lastBatch());

                nats.restart();
                for (int i = 0; i < 50; i++) {
                    venue.trade(i);
                }
                venue.barrier();
                await().atMost(WAIT).until(() -> publisher.lastAcknowledged() == journal.lastBatch());
                assertStreamIsTheJournal(nats, config, journal, publisher.lastAcknowledged());
            }
        }
    }

    @Test
    void aCoreStartedWithoutNatsPublishesEverythingOnceNatsComes() throws Exception {
        NatsServer nats = NatsServer.start(dir.resolve("nats"));
        try (nats) {
            nats.kill();
            JetStreamConfig config = config(nats);
            JetStreamPublisher publisher = new JetStreamPublisher(config);
            try (TestVenue venue = new TestVenue(dir.resolve("core"), FrontDoorConfig.defaults(0),
                    List.of(publisher))) {
                for (int i = 0; i < 100; i++) {
                    venue.trade(i);
                }
                venue.barrier();
                Journal<CoreBatch> journal = venue.server().core().journal();
                assertThat(publisher.lastAcknowledged()).isZero();
                nats.restart();
                await().atMost(WAIT).until(() -> publisher.lastAcknowledged() == journal.lastBatch());
                assertStreamIsTheJournal(nats, config, journal, publisher.lastAcknowledged());
            }
        }
    }

    @Test
    void aBatchLargerThanANatsMessageIsCutAndPutBackTogetherExactly() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"), 2048)) {
            JetStreamConfig config = config(nats);
            JetStreamPublisher publisher = new JetStreamPublisher(config);
            try (TestVenue venue = new TestVenue(dir.resolve("core"), FrontDoorConfig.defaults(0),
                    List.of(publisher))) {
                // 40 asks at 40 prices, then one market buy that takes them all: one command, one batch,
                // over a hundred events
                for (int i = 0; i < 40; i++) {
                    venue.submit(new Command.Place(10_000 + i, TestVenue.SELLER, "BTC-USDT", Side.SELL,
                            OrderType.LIMIT, TimeInForce.GTC, Decimal.of(5_000_000 + i, 2), Decimal.parse("0.001"),
                            null));
                }
                venue.submit(new Command.Place(20_000, TestVenue.BUYER, "BTC-USDT", Side.BUY, OrderType.MARKET,
                        TimeInForce.IOC, null, Decimal.parse("0.040"), null));
                venue.barrier();
                Journal<CoreBatch> journal = venue.server().core().journal();
                await().atMost(WAIT).until(() -> publisher.lastAcknowledged() == journal.lastBatch());
                StreamContent stream = StreamContent.read(nats.url(), config);
                assertThat(stream.messages()).as("some batch took several messages")
                        .isGreaterThan(journal.lastBatch());
                assertStreamIsTheJournal(nats, config, journal, publisher.lastAcknowledged());
                assertThat(venue.server().metricsText()).containsPattern("tickwire_nats_split_batches_total [1-9]");
            }
        }
    }

    @Test
    void aBatchPublishedAgainIsDroppedByTheStreamAndARestartedCoreRepublishesNothing() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            JetStreamConfig config = config(nats);
            Path core = dir.resolve("core");
            long published;
            JetStreamPublisher first = new JetStreamPublisher(config);
            try (TestVenue venue = new TestVenue(core, FrontDoorConfig.defaults(0), List.of(first))) {
                for (int i = 0; i < 30; i++) {
                    venue.trade(i);
                }
                venue.barrier();
                Journal<CoreBatch> journal = venue.server().core().journal();
                await().atMost(WAIT).until(() -> first.lastAcknowledged() == journal.lastBatch());
                published = journal.lastBatch();

                // the same batch again, as a core that crashed before it saw the acknowledgement would
                PublishedBatch last = journalBatches(journal).get((int) published - 1);
                Connection connection = Nats.connect(nats.url());
                try {
                    Headers headers = new Headers().put(BatchFrame.EPOCH, journal.epoch())
                            .put(BatchFrame.BATCH, Long.toString(published)).put(BatchFrame.PART, "1/1");
                    var ack = connection.jetStream().publish(config.subject(), headers,
                            BatchFrame.encode(published, last.ts(), last.events()),
                            PublishOptions.builder().messageId(BatchFrame.messageId(journal.epoch(), published, 1, 1))
                                    .build());
                    assertThat(ack.isDuplicate()).isTrue();
                } finally {
                    connection.close();
                }
            }
            // One message per batch, each batch once: the duplicate was dropped. (The core's clock may
            // have made a batch after `published` before it closed: a ticker is due every second.)
            StreamContent afterDuplicate = StreamContent.read(nats.url(), config);
            List<Long> numbers = afterDuplicate.batches().stream().map(PublishedBatch::number).toList();
            assertThat(numbers).as("batches on the stream").startsWith(LongStream.rangeClosed(1, published).boxed()
                    .toArray(Long[]::new)).doesNotHaveDuplicates();
            assertThat(afterDuplicate.messages()).isEqualTo(numbers.size());
            assertThat(numbers.get(numbers.size() - 1)).isEqualTo(numbers.size());

            // a restart with the published mark lost: the stream's own last batch says where to go on
            Files.delete(core.resolve("nats").resolve("TICKWIRE.published"));
            JetStreamPublisher second = new JetStreamPublisher(config);
            try (TestVenue venue = new TestVenue(core, FrontDoorConfig.defaults(0), List.of(second))) {
                venue.barrier();
                Journal<CoreBatch> journal = venue.server().core().journal();
                await().atMost(WAIT).until(() -> second.lastAcknowledged() == journal.lastBatch());
                assertStreamIsTheJournal(nats, config, journal, second.lastAcknowledged());
                StreamContent stream = StreamContent.read(nats.url(), config);
                assertThat(stream.messages()).isEqualTo(journal.lastBatch());
            }
        }
    }
}
