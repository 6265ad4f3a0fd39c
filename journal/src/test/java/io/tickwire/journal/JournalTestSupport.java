package io.tickwire.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Deterministic batches and a listener that collects what was released. */
final class JournalTestSupport {

    static final String[] STREAMS = {"book.BTC-USDT", "trades.BTC-USDT", "account:1001", "account:1002"};

    private JournalTestSupport() {
    }

    /** Batch {@code n}: one command and 1 to 4 events on streams chosen by n, contents derived from n. */
    static Batch<Object> batch(long n) {
        Batch<Object> batch = new Batch<>(1_000_000 + n).command(("cmd-" + n).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 1 + (int) (n % 4); i++) {
            String stream = STREAMS[(int) ((n + i) % STREAMS.length)];
            batch.event(stream, "test.event", ("{\"n\":" + n + ",\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        return batch;
    }

    static JournalConfig config(Path dir) {
        return JournalConfig.defaults(dir).withSegmentBytes(64 * 1024).withHistory(100, Duration.ofHours(1));
    }

    /** Collects committed batches. */
    static final class Collector implements JournalListener<Object> {
        final BlockingQueue<CommittedBatch<Object>> batches = new LinkedBlockingQueue<>();

        @Override
        public void onDurable(CommittedBatch<Object> batch) {
            batches.add(batch);
        }

        List<CommittedBatch<Object>> await(int count) throws InterruptedException {
            List<CommittedBatch<Object>> out = new ArrayList<>();
            while (out.size() < count) {
                CommittedBatch<Object> b = batches.poll(10, TimeUnit.SECONDS);
                if (b == null) {
                    throw new AssertionError("only " + out.size() + " of " + count + " batches released");
                }
                out.add(b);
            }
            return out;
        }
    }

    /** Every event of every stream, read back from the journal from seq 0, must be dense and as generated. */
    static void assertContent(Journal<?> journal, long lastBatch) {
        assertContent(journal, 0, lastBatch);
    }

    /**
     * The events of batches after {@code fromBatch} up to {@code lastBatch}, read back from the
     * journal, must be dense, continue the seqs before them, and be exactly as generated; and
     * every stream's head must be the last of them.
     */
    static void assertContent(Journal<?> journal, long fromBatch, long lastBatch) {
        Map<String, Integer> before = new HashMap<>();
        for (long n = 1; n <= fromBatch; n++) {
            for (int i = 0; i < 1 + (int) (n % 4); i++) {
                before.merge(STREAMS[(int) ((n + i) % STREAMS.length)], 1, Integer::sum);
            }
        }
        Map<String, List<String>> expected = new HashMap<>();
        for (long n = 1; n <= lastBatch; n++) {
            for (int i = 0; i < 1 + (int) (n % 4); i++) {
                String stream = STREAMS[(int) ((n + i) % STREAMS.length)];
                expected.computeIfAbsent(stream, s -> new ArrayList<>()).add("{\"n\":" + n + ",\"i\":" + i + "}");
            }
        }
        for (String stream : STREAMS) {
            List<String> want = expected.getOrDefault(stream, List.of());
            if (journal.lastSeq(stream) != want.size()) { // want still holds every event here
                throw new AssertionError(stream + ": head " + journal.lastSeq(stream) + ", expected " + want.size());
            }
            int skip = before.getOrDefault(stream, 0);
            want = want.subList(skip, want.size());
            List<String> got = new ArrayList<>();
            long after = skip;
            while (after < skip + want.size()) {
                ReadResult read = journal.read(stream, after, 10_000);
                if (!(read instanceof ReadResult.Events events) || events.events().isEmpty()) {
                    throw new AssertionError(stream + " after " + after + ": " + read);
                }
                for (JournalEvent e : events.events()) {
                    if (e.seq() != after + 1) {
                        throw new AssertionError(stream + ": seq " + e.seq() + " after " + after);
                    }
                    got.add(new String(e.data(), StandardCharsets.UTF_8));
                    after = e.seq();
                }
            }
            if (!got.equals(want)) {
                throw new AssertionError(stream + " content differs");
            }
        }
    }
}
