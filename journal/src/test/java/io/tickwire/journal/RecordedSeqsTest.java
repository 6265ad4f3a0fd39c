package io.tickwire.journal;

import static io.tickwire.journal.JournalTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A relay's journal: its upstream's epoch, and events that keep the seqs they came with. */
class RecordedSeqsTest {

    @TempDir
    Path dir;

    private static byte[] data(long seq) {
        return ("{\"n\":" + seq + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aNewLogTakesTheGivenEpochAndEventsKeepTheirSeqsAcrossAReopen() throws Exception {
        JournalConfig small = config(dir).withHistory(5, Duration.ofHours(1));
        var collector = new JournalTestSupport.Collector();
        try (Journal<Object> journal = Journal.open(small, "upstream-7", collector)) {
            assertThat(journal.epoch()).isEqualTo("upstream-7");
            for (long seq = 501; seq <= 520; seq++) {
                journal.append(new Batch<>(seq).event("trades.BTC-USDT", seq, "market.trade", data(seq)));
            }
            assertThat(collector.await(20).get(0).events().get(0).seq()).isEqualTo(501);
            assertThat(journal.lastSeq("trades.BTC-USDT")).isEqualTo(520);
        }
        try (Journal<Object> journal = Journal.open(small, "another", new JournalTestSupport.Collector())) {
            assertThat(journal.epoch()).as("a recovered log keeps its epoch").isEqualTo("upstream-7");
            assertThat(journal.lastSeq("trades.BTC-USDT")).isEqualTo(520);
            ReadResult fromDisk = journal.read("trades.BTC-USDT", 505, 100);
            assertThat(fromDisk).isInstanceOfSatisfying(ReadResult.Events.class, e -> {
                assertThat(e.events()).hasSize(15);
                assertThat(e.events().get(0).seq()).isEqualTo(506);
                assertThat(e.events().get(0).data()).isEqualTo(data(506));
            });
            assertThat(journal.read("trades.BTC-USDT", 100, 10)).as("before what it recorded")
                    .isInstanceOf(ReadResult.Gap.class);
        }
    }

    @Test
    void anEpochIsOneTo64Characters() {
        assertThatThrownBy(() -> Journal.open(config(dir), "", new JournalTestSupport.Collector()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Batch<>(1).event("s", 0, "t", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
