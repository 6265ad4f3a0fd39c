package io.tickwire.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamHistoryTest {

    static JournalEvent event(long seq, long ts) {
        return new JournalEvent("s", seq, ts, "t", new byte[] {'{', '}'});
    }

    @Test
    void keepsTheLastEventsUpToItsCapacity() {
        StreamHistory history = new StreamHistory(3, 60_000, 1);
        for (long seq = 1; seq <= 5; seq++) {
            history.append(event(seq, 1000));
        }
        assertThat(history.after(0, 10)).as("seq 1 and 2 are gone").isNull();
        assertThat(history.after(2, 10)).extracting(JournalEvent::seq).containsExactly(3L, 4L, 5L);
        assertThat(history.after(4, 10)).extracting(JournalEvent::seq).containsExactly(5L);
        assertThat(history.after(5, 10)).isEmpty();
        assertThat(history.after(2, 2)).extracting(JournalEvent::seq).containsExactly(3L, 4L);
    }

    @Test
    void dropsEventsOlderThanItsAgeBound() {
        StreamHistory history = new StreamHistory(100, 1_000, 1);
        history.append(event(1, 0));
        history.append(event(2, 500));
        history.append(event(3, 1_200));
        assertThat(history.after(0, 10)).as("seq 1 expired when seq 3 arrived").isNull();
        assertThat(history.after(1, 10)).extracting(JournalEvent::seq).containsExactly(2L, 3L);
        history.expire(10_000);
        assertThat(history.after(1, 10)).isNull();
        assertThat(history.after(3, 10)).as("empty but up to date").isEmpty();
        assertThat(history.firstSeq()).isEqualTo(4);
    }

    @Test
    void aHistoryStartedMidStreamDoesNotPretendToHoldEarlierEvents() {
        StreamHistory history = new StreamHistory(10, 60_000, 500);
        assertThat(history.after(100, 10)).isNull();
        assertThat(history.after(499, 10)).isEmpty();
        history.append(event(500, 1));
        assertThat(history.after(499, 10)).extracting(JournalEvent::seq).containsExactly(500L);
    }

    @Test
    void growsToItsCapacityAndThenKeepsTheNewest() {
        StreamHistory history = new StreamHistory(100, 60_000, 1);
        for (long seq = 1; seq <= 1000; seq++) {
            history.append(event(seq, 1000));
            assertThat(history.after(seq - 1, 1)).extracting(JournalEvent::seq).containsExactly(seq);
        }
        assertThat(history.after(900, 1000)).hasSize(100);
        assertThat(history.after(899, 1000)).isNull();
    }

    @Test
    void keepsEveryEventsBytesTypeAndTimeAcrossWrapsGrowthAndExpiry() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            int capacity = 1 + random.nextInt(40);
            long maxAge = 50 + random.nextInt(200);
            long seq = 1 + random.nextInt(1000);
            StreamHistory history = new StreamHistory(capacity, maxAge, seq);
            ArrayDeque<JournalEvent> oracle = new ArrayDeque<>();
            long ts = 0;
            for (int step = 0; step < 400; step++) {
                ts += random.nextInt(5);
                byte[] data = new byte[random.nextInt(random.nextInt(10) == 0 ? 3000 : 60)];
                random.nextBytes(data);
                String type = "type" + random.nextInt(4);
                JournalEvent event = new JournalEvent("account:9", seq++, ts, type, data);
                history.append(event);
                oracle.addLast(event);
                while (oracle.size() > capacity || ts - oracle.peekFirst().ts() > maxAge) {
                    oracle.removeFirst();
                }
                if (random.nextInt(20) == 0) {
                    ts += random.nextInt(100);
                    history.expire(ts);
                    while (!oracle.isEmpty() && ts - oracle.peekFirst().ts() > maxAge) {
                        oracle.removeFirst();
                    }
                }
                long first = oracle.isEmpty() ? seq : oracle.peekFirst().seq();
                assertThat(history.firstSeq()).isEqualTo(first);
                long after = first - 1 + random.nextInt(oracle.size() + 1);
                int max = 1 + random.nextInt(50);
                List<JournalEvent> want = oracle.stream().filter(e -> e.seq() > after).limit(max).toList();
                assertThat(history.after(after, max)).as("round %d step %d", round, step).isEqualTo(want);
                if (first > 1) {
                    assertThat(history.after(first - 2, max)).as("older than what is kept").isNull();
                }
            }
        }
    }

    @Test
    void aHoleRestartsTheHistoryAtTheNewEvent() {
        StreamHistory history = new StreamHistory(10, 60_000, 1);
        history.append(event(1, 1));
        history.append(event(2, 1));
        history.append(new JournalEvent("s", 5, 2, "t", new byte[] {'[', ']'}));
        assertThat(history.after(1, 10)).isNull();
        assertThat(history.after(4, 10)).singleElement().satisfies(e -> {
            assertThat(e.seq()).isEqualTo(5);
            assertThat(e.data()).containsExactly('[', ']');
        });
    }

    @Test
    void anEmptyEventAtAFullRingKeepsItsPlaceWhenTheRingGrows() {
        StreamHistory history = new StreamHistory(10, 1000, 1);
        history.append(new JournalEvent("s", 1, 0, "t", new byte[256]));
        history.append(new JournalEvent("s", 2, 500, "t", new byte[0]));
        byte[] c = "cccccccccc".getBytes(StandardCharsets.US_ASCII);
        history.append(new JournalEvent("s", 3, 500, "t", c));
        history.expire(1200);
        history.append(new JournalEvent("s", 4, 1200, "t", new byte[300]));
        assertThat(history.after(1, 10)).extracting(JournalEvent::seq).containsExactly(2L, 3L, 4L);
        assertThat(history.after(2, 1).get(0).data()).isEqualTo(c);
    }

    @Test
    void boundsItsBytesWhateverItsCount() {
        StreamHistory history = new StreamHistory(1_000, 60_000, 1, 3_000);
        byte[] big = new byte[1_001];
        for (long seq = 1; seq <= 4; seq++) {
            history.append(new JournalEvent("s", seq, 1, "t", big));
        }
        assertThat(history.after(1, 10)).as("only two such events fit").isNull();
        assertThat(history.after(2, 10)).extracting(JournalEvent::seq).containsExactly(3L, 4L);

        history.append(new JournalEvent("s", 5, 1, "t", new byte[3_001]));
        assertThat(history.after(4, 10)).as("too large to keep: read from the segments").isNull();
        assertThat(history.after(5, 10)).isEmpty();
        history.append(new JournalEvent("s", 6, 1, "t", new byte[] {'{', '}'}));
        assertThat(history.after(5, 10)).extracting(JournalEvent::seq).containsExactly(6L);
    }
}
