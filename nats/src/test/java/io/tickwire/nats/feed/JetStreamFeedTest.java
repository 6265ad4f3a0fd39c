package io.tickwire.nats.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.journal.Journal;
import io.tickwire.nats.publish.JetStreamPublisher;
import io.tickwire.nats.wire.PublishedBatch;
import io.tickwire.server.TestVenue;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.core.CoreBatch;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import io.tickwire.testkit.nats.NatsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A node's feed of a core's batches: in order, each once, from any start, across a NATS restart. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JetStreamFeedTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** Collects what a feed delivers. */
    private static final class Collected implements BatchListener {
        final List<PublishedBatch> batches = new CopyOnWriteArrayList<>();
        final List<long[]> holes = new CopyOnWriteArrayList<>();

        /** Kept as the journal keeps them, without the receipts that live publishing adds. */
        @Override
        public void onBatch(PublishedBatch batch) {
            batches.add(new PublishedBatch(batch.epoch(), batch.number(), batch.ts(), batch.events()));
        }

        @Override
        public void onHole(long from, long to) {
            holes.add(new long[] {from, to});
        }
    }

    /**
     * The first {@code n} of {@code batches}: the core's clock may add a batch (a statistics tick)
     * after a feed was seen to be level with the journal, so a feed is compared with the journal's
     * batches as far as it got, every one of them, in order.
     */
    private static List<PublishedBatch> prefix(List<PublishedBatch> batches, int n) {
        assertThat(batches.size()).isGreaterThanOrEqualTo(n);
        return batches.subList(0, n);
    }

    private static List<PublishedBatch> journalAfter(Journal<CoreBatch> journal, long after) {
        List<PublishedBatch> batches = new ArrayList<>();
        journal.readBatches(after, b -> batches.add(new PublishedBatch(journal.epoch(), b.number(), b.ts(),
                b.events())));
        return batches;
    }

    @Test
    void aFeedDeliversEveryBatchOnceInOrderFromWhereItStarts() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"), 2048)) {
            JetStreamConfig config = JetStreamConfig.defaults(nats.url(), "TICKWIRE");
            JetStreamPublisher publisher = new JetStreamPublisher(config);
            try (TestVenue venue = new TestVenue(dir.resolve("core"), FrontDoorConfig.defaults(0),
                    List.of(publisher))) {
                Journal<CoreBatch> journal = venue.server().core().journal();
                for (int i = 0; i < 30; i++) {
                    venue.trade(i);
                    venue.barrier();
                }
                await().atMost(WAIT).until(() -> publisher.lastAcknowledged() == journal.lastBatch());
                long middle = journal.lastBatch() / 2;

                Collected all = new Collected();
                Collected late = new Collected();
                try (JetStreamFeed fromStart = new JetStreamFeed(config, journal.epoch(), 0, all).start();
                     JetStreamFeed fromMiddle = new JetStreamFeed(config, journal.epoch(), middle, late).start()) {
                    for (int i = 0; i < 30; i++) {
                        venue.trade(i);
                        venue.barrier();
                    }
                    await().atMost(WAIT).until(() -> fromStart.lastBatch() == journal.lastBatch()
                            && fromMiddle.lastBatch() == journal.lastBatch());
                }
                assertThat(all.batches).isEqualTo(prefix(journalAfter(journal, 0), all.batches.size()));
                assertThat(late.batches).isEqualTo(prefix(journalAfter(journal, middle), late.batches.size()));
                assertThat(all.batches.size()).isGreaterThanOrEqualTo(late.batches.size() + (int) middle);
                assertThat(all.holes).isEmpty();
            }
        }
    }

    @Test
    void aFeedGoesOnFromWhereItWasWhenNatsComesBack() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            JetStreamConfig config = JetStreamConfig.defaults(nats.url(), "TICKWIRE")
                    .withAckTimeout(Duration.ofSeconds(2));
            JetStreamPublisher publisher = new JetStreamPublisher(config);
            try (TestVenue venue = new TestVenue(dir.resolve("core"), FrontDoorConfig.defaults(0),
                    List.of(publisher))) {
                Journal<CoreBatch> journal = venue.server().core().journal();
                Collected got = new Collected();
                try (JetStreamFeed feed = new JetStreamFeed(config, journal.epoch(), 0, got).start()) {
                    for (int i = 0; i < 20; i++) {
                        venue.trade(i);
                        venue.barrier();
                    }
                    await().atMost(WAIT).until(() -> feed.lastBatch() == journal.lastBatch());
                    nats.kill();
                    await().atMost(WAIT).until(() -> !feed.connected());
                    for (int i = 0; i < 20; i++) {
                        venue.trade(i);
                        venue.barrier();
                    }
                    nats.restart();
                    for (int i = 0; i < 20; i++) {
                        venue.trade(i);
                        venue.barrier();
                    }
                    await().atMost(WAIT).until(() -> feed.lastBatch() == journal.lastBatch());
                }
                assertThat(got.batches).isEqualTo(prefix(journalAfter(journal, 0), got.batches.size()));
                assertThat(got.holes).isEmpty();
            }
        }
    }
}
