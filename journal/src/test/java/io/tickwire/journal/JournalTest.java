package io.tickwire.journal;

import static io.tickwire.journal.JournalTestSupport.assertContent;
import static io.tickwire.journal.JournalTestSupport.batch;
import static io.tickwire.journal.JournalTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.journal.log.RecordCodec;
import io.tickwire.journal.log.RecordView;
import io.tickwire.journal.log.SegmentScanner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    @Test
    void seqsAreDenseFromOnePerStreamAndContinueAfterReopen() throws Exception {
        String epoch;
        try (Journal<Object> journal = Journal.open(config(dir), new JournalTestSupport.Collector())) {
            epoch = journal.epoch();
            assertThat(epoch).hasSize(16);
        }
        var collector = new JournalTestSupport.Collector();
        try (Journal<Object> journal = Journal.open(config(dir), collector)) {
            assertThat(journal.epoch()).isEqualTo(epoch);
            for (long n = 1; n <= 500; n++) {
                journal.append(batch(n));
            }
            List<CommittedBatch<Object>> released = collector.await(500);
            assertThat(released).extracting(CommittedBatch::number).containsExactlyElementsOf(
                    LongStream.rangeClosed(1, 500).boxed().toList());
            assertThat(released.get(0).events().get(0).seq()).isEqualTo(1);
        }
        var again = new JournalTestSupport.Collector();
        try (Journal<Object> journal = Journal.open(config(dir), again)) {
            assertThat(journal.epoch()).isEqualTo(epoch);
            assertThat(journal.lastBatch()).isEqualTo(500);
            assertContent(journal, 500);
            for (long n = 501; n <= 600; n++) {
                journal.append(batch(n));
            }
            again.await(100);
            assertContent(journal, 600);
            assertThat(journal.segmentFiles().size()).as("64 KiB segments rolled").isGreaterThan(1);
        }
    }

    @Test
    void readBatchesGivesEveryDurableBatchWithTheEventsItReleasedFromAnyPoint() throws Exception {
        var collector = new JournalTestSupport.Collector();
        try (Journal<Object> journal = Journal.open(config(dir), collector)) {
            for (long n = 1; n <= 600; n++) {
                journal.append(batch(n));
            }
            List<CommittedBatch<Object>> released = collector.await(600);
            assertThat(journal.segmentFiles().size()).as("the read crosses segments").isGreaterThan(1);

            List<Journal.LoggedBatch> read = new ArrayList<>();
            journal.readBatches(250, read::add);
            assertThat(read).extracting(Journal.LoggedBatch::number)
                    .containsExactlyElementsOf(LongStream.rangeClosed(251, 600).boxed().toList());
            for (Journal.LoggedBatch batch : read) {
                CommittedBatch<Object> live = released.get((int) batch.number() - 1);
                assertThat(batch.events()).isEqualTo(live.events());
                assertThat(batch.ts()).isEqualTo(live.ts());
            }

            List<Long> firstTen = new ArrayList<>();
            journal.readBatches(0, b -> {
                firstTen.add(b.number());
                return firstTen.size() < 10;
            });
            assertThat(firstTen).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
        }
    }

    @Test
    void groupCommitMakesManyBatchesDurableWithOneForce() throws Exception {
        var collector = new JournalTestSupport.Collector();
        try (Journal<Object> journal = Journal.open(config(dir), collector)) {
            for (long n = 1; n <= 2000; n++) {
                journal.append(batch(n));
            }
            collector.await(2000);
            assertThat(journal.metrics().batches()).isEqualTo(2000);
            assertThat(journal.metrics().forces()).isEqualTo(journal.metrics().groups()).isLessThan(2000);
        }
    }

    @Test
    void aReleasedBatchIsAlreadyInItsSegment() throws Exception {
        List<String> problems = new CopyOnWriteArrayList<>();
        List<Journal<Object>> holder = new CopyOnWriteArrayList<>();
        JournalListener<Object> check = batch -> {
            try {
                Path last = holder.get(0).segmentFiles().get(holder.get(0).segmentFiles().size() - 1);
                boolean found = false;
                try (SegmentScanner scanner = new SegmentScanner(last)) {
                    RecordView r;
                    while ((r = scanner.next()) != null) {
                        found |= r.type() == RecordCodec.BATCH_END && r.batch() == batch.number();
                    }
                }
                if (!found) {
                    problems.add("batch " + batch.number() + " released before it was written");
                }
            } catch (IOException e) {
                problems.add(e.toString());
            }
        };
        var collector = new JournalTestSupport.Collector();
        try (Journal<Object> journal = Journal.open(config(dir).withSegmentBytes(1 << 30).withPreallocation(false), b
                -> {
            check.onDurable(b);
            collector.onDurable(b);
        })) {
            holder.add(journal);
            for (long n = 1; n <= 200; n++) {
                journal.append(batch(n));
            }
            collector.await(200);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void oldCursorsAreServedFromSegmentsAndRetentionTurnsThemIntoGaps() throws Exception {
        var collector = new JournalTestSupport.Collector();
        JournalConfig config = config(dir).withHistory(10, Duration.ofHours(1)).withRetention(Duration.ofDays(1), 0);
        try (Journal<Object> journal = Journal.open(config, collector)) {
            for (long n = 1; n <= 3000; n++) {
                journal.append(batch(n));
            }
            collector.await(3000);
            String stream = "account:1001";
            // Memory holds the last 10; a read from seq 0 comes from the segments.
            ReadResult early = journal.read(stream, 0, 5);
            assertThat(early).isInstanceOfSatisfying(ReadResult.Events.class,
                    e -> assertThat(e.events()).extracting(JournalEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L));
            long head = journal.lastSeq(stream);
            assertThat(journal.read(stream, head, 10)).isEqualTo(new ReadResult.Events(List.of()));
            assertThat(journal.read(stream, head + 1, 10)).isEqualTo(new ReadResult.Ahead(head));

            int before = journal.segmentFiles().size();
            journal.enforceRetention(System.currentTimeMillis());
            assertThat(journal.segmentFiles()).as("nothing deleted before a snapshot covers it").hasSize(before);
            journal.retainAfter(2000);
            journal.enforceRetention(System.currentTimeMillis());
            assertThat(journal.segmentFiles().size()).isLessThan(before);
            ReadResult gone = journal.read(stream, 0, 5);
            assertThat(gone).isInstanceOfSatisfying(ReadResult.Gap.class, g -> {
                assertThat(g.fromSeq()).isEqualTo(1);
                assertThat(g.toSeq()).isPositive();
            });
            ReadResult.Gap gap = (ReadResult.Gap) gone;
            assertThat(journal.read(stream, gap.toSeq(), 3)).isInstanceOfSatisfying(ReadResult.Events.class,
                    e -> assertThat(e.events().get(0).seq()).isEqualTo(gap.toSeq() + 1));
        }
        // The seq table survives retention: a restart continues every stream.
        var after = new JournalTestSupport.Collector();
        try (Journal<Object> journal = Journal.open(config, after)) {
            assertThat(journal.lastBatch()).isEqualTo(3000);
            long head = journal.lastSeq("account:1001");
            journal.append(batch(3001));
            CommittedBatch<Object> next = after.await(1).get(0);
            assertThat(next.events()).filteredOn(e -> e.stream().equals("account:1001"))
                    .extracting(JournalEvent::seq).allMatch(seq -> seq == head + 1);
        }
    }

    private long writeBatches(int count) throws InterruptedException {
        var collector = new JournalTestSupport.Collector();
        try (Journal<Object> journal = Journal.open(config(dir).withSegmentBytes(1 << 30).withPreallocation(false),
                collector)) {
            for (long n = 1; n <= count; n++) {
                journal.append(batch(n));
            }
            collector.await(count);
            return journal.lastBatch();
        }
    }

    private Path onlySegment() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
    }

    @Test
    void aTruncatedTailIsCutAtTheLastCompleteBatchWhereverItEnds() throws Exception {
        writeBatches(60);
        Path segment = onlySegment();
        byte[] full = Files.readAllBytes(segment);
        Random random = new Random(7);
        for (int trial = 0; trial < 40; trial++) {
            int cut = 1 + random.nextInt(full.length - 1);
            Files.write(segment, Arrays.copyOf(full, cut));
            try (Journal<Object> journal = Journal.open(config(dir), new JournalTestSupport.Collector())) {
                long last = journal.lastBatch();
                assertThat(last).isBetween(0L, 60L);
                assertContent(journal, last);
                assertThat(Files.size(segment)).as("cut to a batch boundary").isLessThanOrEqualTo(cut);
            }
        }
    }

    @Test
    void aFlippedByteCutsTheLogAtTheDamagedRecordAndIsNeverServed() throws Exception {
        writeBatches(100);
        Path segment = onlySegment();
        byte[] full = Files.readAllBytes(segment);
        Random random = new Random(11);
        for (int trial = 0; trial < 40; trial++) {
            byte[] damaged = full.clone();
            int at = 200 + random.nextInt(full.length - 200);
            damaged[at] ^= (byte) (1 << random.nextInt(8));
            Files.write(segment, damaged);
            try (Journal<Object> journal = Journal.open(config(dir), new JournalTestSupport.Collector())) {
                long last = journal.lastBatch();
                assertThat(last).isLessThan(100);
                // Everything served is intact and as written: assertContent compares every byte.
                assertContent(journal, last);
            }
            Files.write(segment, full);
        }
    }

    @Test
    void aBatchWithoutItsEndMarkerIsDropped() throws Exception {
        writeBatches(10);
        Path segment = onlySegment();
        // Find the last BATCH_END and cut the file right before it.
        long lastEnd = -1;
        try (SegmentScanner scanner = new SegmentScanner(segment)) {
            RecordView r;
            while ((r = scanner.next()) != null) {
                if (r.type() == RecordCodec.BATCH_END) {
                    lastEnd = r.offset();
                }
            }
        }
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(lastEnd);
        }
        try (Journal<Object> journal = Journal.open(config(dir), new JournalTestSupport.Collector())) {
            assertThat(journal.lastBatch()).isEqualTo(9);
            assertContent(journal, 9);
        }
    }

    @Test
    void segmentsAfterACutAreSetAsideNotDeleted() throws Exception {
        var collector = new JournalTestSupport.Collector();
        try (Journal<Object> journal = Journal.open(config(dir), collector)) {
            for (long n = 1; n <= 1500; n++) {
                journal.append(batch(n));
            }
            collector.await(1500);
        }
        List<Path> segments;
        try (var files = Files.list(dir)) {
            segments = files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
        assertThat(segments.size()).isGreaterThan(3);
        Path damaged = segments.get(1);
        try (FileChannel channel = FileChannel.open(damaged, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {0x55, 0x55, 0x55, 0x55}), 600);
        }
        try (Journal<Object> journal = Journal.open(config(dir), new JournalTestSupport.Collector())) {
            assertContent(journal, journal.lastBatch());
            assertThat(journal.segmentFiles()).hasSize(2);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".corrupt")).count()).isEqualTo(segments.size() - 2);
        }
    }

    @Test
    void preallocatedSegmentsKeepTheirZeroTailAndEndCleanlyThere() throws Exception {
        JournalConfig config = config(dir).withSegmentBytes(256 * 1024);
        var collector = new JournalTestSupport.Collector();
        try (Journal<Object> journal = Journal.open(config, collector)) {
            for (long n = 1; n <= 300; n++) {
                journal.append(batch(n));
            }
            collector.await(300);
        }
        Path first = onlySegmentOrFirst();
        assertThat(Files.size(first)).as("zero-filled ahead of use").isGreaterThanOrEqualTo(256 * 1024);
        long sizeBefore = Files.size(first);
        try (Journal<Object> journal = Journal.open(config, new JournalTestSupport.Collector())) {
            assertThat(journal.lastBatch()).isEqualTo(300);
            assertContent(journal, 300);
            // The next segment is prepared ahead, off the writer thread (a close gives up a fill in progress).
            await("the spare segment filled").atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(dir.resolve("spare.prealloc")));
        }
        assertThat(Files.size(first)).as("a clean zero tail is not cut").isEqualTo(sizeBefore);
    }

    @Test
    void dataAfterZerosIsDamageAndTheLogIsCutBeforeIt() throws Exception {
        JournalConfig config = config(dir).withSegmentBytes(256 * 1024);
        var collector = new JournalTestSupport.Collector();
        try (Journal<Object> journal = Journal.open(config, collector)) {
            for (long n = 1; n <= 50; n++) {
                journal.append(batch(n));
            }
            collector.await(50);
        }
        Path first = onlySegmentOrFirst();
        try (FileChannel channel = FileChannel.open(first, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {7}), 200 * 1024);
        }
        try (Journal<Object> journal = Journal.open(config, new JournalTestSupport.Collector())) {
            assertThat(journal.lastBatch()).isEqualTo(50);
            assertContent(journal, 50);
        }
        assertThat(Files.size(first)).as("cut at the last intact batch").isLessThan(200 * 1024);
    }

    private Path onlySegmentOrFirst() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().findFirst().orElseThrow();
        }
    }
}
