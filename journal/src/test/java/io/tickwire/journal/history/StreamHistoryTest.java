package io.tickwire.journal.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.journal.JournalEvent;
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
}
