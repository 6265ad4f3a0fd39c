package io.tickwire.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.journal.Batch;
import io.tickwire.journal.Journal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One journal per epoch: the current one remembered, old ones pruned by age and size, never the current. */
class EpochJournalsTest {

    @TempDir
    Path dir;

    private EpochJournals epochs() {
        return new EpochJournals(dir, EpochJournals.settings(dir, 100, Duration.ofDays(1), 1L << 30), true);
    }

    private void fill(EpochJournals epochs, String epoch, int events) throws Exception {
        try (Journal<Object> journal = epochs.open(epoch, b -> { })) {
            for (int i = 0; i < events; i++) {
                journal.append(new Batch<>(i).event("t", "feed.message", ("{\"n\":" + i + "}")
                        .getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    @Test
    void theCurrentEpochIsTheLastOpenedAndItsJournalKeepsItsEpoch() throws Exception {
        EpochJournals epochs = epochs();
        assertThat(epochs.current()).isEmpty();
        fill(epochs, "100", 3);
        fill(epochs, "101", 3);
        assertThat(new EpochJournals(dir, EpochJournals.settings(dir, 100, Duration.ofDays(1), 1L << 30), true)
                .current()).contains("101");
        try (Journal<Object> journal = epochs.open("101", b -> { })) {
            assertThat(journal.epoch()).isEqualTo("101");
            assertThat(journal.lastSeq("t")).isEqualTo(3);
        }
        assertThatThrownBy(() -> epochs.directory("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oldEpochsGoByAgeAndBySizeOldestFirstNeverTheCurrent() throws Exception {
        EpochJournals epochs = epochs();
        for (String epoch : new String[] {"1", "2", "3", "4"}) {
            fill(epochs, epoch, 50);
        }
        Instant old = Instant.now().minus(Duration.ofDays(3));
        try (var files = Files.walk(dir.resolve("epochs/1"))) {
            for (Path f : files.toList()) {
                Files.setLastModifiedTime(f, FileTime.from(old));
            }
        }
        epochs.prune("4", Duration.ofDays(1), Long.MAX_VALUE);
        assertThat(dir.resolve("epochs/1")).doesNotExist();
        assertThat(dir.resolve("epochs/2")).exists();
        epochs.prune("4", Duration.ofDays(1), 1);
        assertThat(dir.resolve("epochs/2")).doesNotExist();
        assertThat(dir.resolve("epochs/3")).doesNotExist();
        assertThat(dir.resolve("epochs/4")).as("the current epoch, whatever its size").exists();
    }
}
