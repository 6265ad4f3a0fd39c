package io.tickwire.journal;

import static io.tickwire.journal.JournalTestSupport.assertContent;
import static io.tickwire.journal.JournalTestSupport.batch;
import static io.tickwire.journal.JournalTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches from {@link Journal#newBatch}, filled with ranges of a reused buffer and handed back by
 * the writer, give the same log, byte for byte, and the same committed batches as new batches
 * holding an array per event.
 */
class PooledBatchTest {
    private static final String EPOCH = "pooled-batch-test";

    @TempDir
    Path dir;

    @Test
    void pooledBatchesWriteTheSameLogAsNewOnes() throws Exception {
        List<CommittedBatch<Object>> plain;
        var collector = new JournalTestSupport.Collector();
        try (Journal<Object> journal = Journal.open(config(dir.resolve("plain")), EPOCH, collector)) {
            for (long n = 1; n <= 600; n++) {
                journal.append(batch(n).attach("receipts " + n));
            }
            plain = collector.await(600);
        }

        List<CommittedBatch<Object>> pooled;
        List<List<CommittedBatch<Object>>> pooledBatches = new ArrayList<>();
        Set<Batch<Object>> instances = Collections.newSetFromMap(new IdentityHashMap<>());
        var pooledCollector = new JournalTestSupport.Collector();
        try (Journal<Object> journal = Journal.open(config(dir.resolve("pooled")), EPOCH, pooledCollector)) {
            byte[] buffer = new byte[256];
            for (long n = 1; n <= 600; n++) {
                Batch<Object> batch = journal.newBatch(1_000_000 + n);
                assertThat(batch.isEmpty()).as("a batch handed out again holds nothing of before").isTrue();
                instances.add(batch);
                Batch<Object> reference = batch(n);
                batch.command(reference.commands.get(0));
                for (int i = 0; i < reference.eventCount(); i++) {
                    byte[] data = reference.data(i);
                    int offset = (int) (n % 7);
                    buffer[offset + data.length] = '!'; // what lies after the range is not taken
                    System.arraycopy(data, 0, buffer, offset, data.length);
                    batch.event(reference.stream(i), reference.type(i), buffer, offset, data.length);
                }
                journal.append(batch.attach("receipts " + n));
                if (n % 10 == 0) {
                    pooledBatches.add(pooledCollector.await(10)); // the writer hands batches back meanwhile
                }
            }
            pooled = new ArrayList<>();
            for (int b = 0; b < 60; b++) {
                pooled.addAll(pooledBatches.get(b));
            }
            assertContent(journal, 600);
        }
        assertThat(instances.size()).as("batches were reused").isLessThan(30);

        assertThat(pooled).hasSameSizeAs(plain);
        for (int b = 0; b < plain.size(); b++) {
            CommittedBatch<Object> expected = plain.get(b);
            CommittedBatch<Object> actual = pooled.get(b);
            assertThat(actual.number()).isEqualTo(expected.number());
            assertThat(actual.ts()).isEqualTo(expected.ts());
            assertThat(actual.commands()).hasSize(1);
            assertThat(actual.commands().get(0)).isEqualTo(expected.commands().get(0));
            assertThat(actual.events()).isEqualTo(expected.events());
            assertThat(actual.attachment()).isEqualTo(expected.attachment());
        }
        List<Path> plainFiles = segmentFiles(dir.resolve("plain"));
        List<Path> pooledFiles = segmentFiles(dir.resolve("pooled"));
        assertThat(pooledFiles).hasSameSizeAs(plainFiles).hasSizeGreaterThan(1);
        for (int i = 0; i < plainFiles.size(); i++) {
            assertThat(pooledFiles.get(i).getFileName()).isEqualTo(plainFiles.get(i).getFileName());
            assertThat(Files.readAllBytes(pooledFiles.get(i))).as("segment %s", plainFiles.get(i).getFileName())
                    .isEqualTo(Files.readAllBytes(plainFiles.get(i)));
        }
    }

    @Test
    void aRangeIsCopiedSoTheCallerMayReuseItsBuffer() throws Exception {
        var collector = new JournalTestSupport.Collector();
        try (Journal<Object> journal = Journal.open(config(dir), collector)) {
            byte[] buffer = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
            Batch<Object> batch = journal.newBatch(5);
            batch.event("s", "t", buffer, 0, buffer.length);
            buffer[5] = '2';
            batch.event("s", "t", buffer, 0, buffer.length);
            journal.append(batch);
            List<JournalEvent> events = collector.await(1).get(0).events();
            assertThat(events).extracting(e -> new String(e.data(), StandardCharsets.UTF_8))
                    .containsExactly("{\"a\":1}", "{\"a\":2}");
        }
    }

    private static List<Path> segmentFiles(Path directory) throws Exception {
        try (var files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }
}
