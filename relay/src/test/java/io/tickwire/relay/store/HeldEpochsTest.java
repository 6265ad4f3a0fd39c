package io.tickwire.relay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.journal.Batch;
import io.tickwire.journal.EventHistory;
import io.tickwire.journal.Journal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The older epochs a relay serves: in the order written, never the current or the one being written. */
class HeldEpochsTest {

    @TempDir
    Path dir;

    private static void fill(EpochJournals epochs, String epoch, int events) {
        try (Journal<Object> journal = epochs.open(epoch, b -> { })) {
            for (int i = 0; i < events; i++) {
                journal.append(new Batch<>(i).event("t", "feed.message", ("{\"n\":" + i + "}")
                        .getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private static List<String> names(List<EventHistory> epochs) {
        return epochs == null ? null : epochs.stream().map(EventHistory::epoch).toList();
    }

    @Test
    void aCapturesEpochsAreInTheirNumbersOrderAndADeletedOneStillHasAPlace() throws Exception {
        EpochJournals epochs = new EpochJournals(dir, EpochJournals.settings(dir, 100, Duration.ofDays(1),
                1L << 30), true);
        for (String epoch : new String[] {"99", "100", "101", "102"}) {
            fill(epochs, epoch, 5);
        }
        epochs.open("103", b -> { }).close(); // the current one
        HeldEpochs held = epochs.older();
        assertThat(names(held.from("100", "103"))).containsExactly("100", "101", "102");
        assertThat(held.from("101", "103").get(0).lastSeq("t")).isEqualTo(5);
        assertThat(names(held.from("100", "101"))).as("nothing from the current one on").containsExactly("100");
        assertThat(held.from("103", "103")).as("the one being written is never read closed").isNull();
        assertThat(held.from("104", "103")).as("after the current one: not ours").isNull();
        assertThat(held.from("7f3a9c", "103")).as("not a capture's").isNull();
        deleteTree(dir.resolve("epochs/100"));
        assertThat(names(held.from("100", "103"))).as("retention deleted it: the next held ones")
                .containsExactly("101", "102");
        assertThat(names(held.from("5", "103"))).containsExactly("99", "101", "102");
    }

    @Test
    void aFollowersEpochsAreInTheOrderTheyWereLastWritten() throws Exception {
        EpochJournals epochs = new EpochJournals(dir, EpochJournals.settings(dir, 100, Duration.ofDays(1),
                1L << 30), false);
        fill(epochs, "ff01", 3);
        fill(epochs, "0a02", 3);
        fill(epochs, "5503", 3);
        epochs.open("c0de", b -> { }).close();
        touch(dir.resolve("epochs/ff01"), Instant.now().minus(Duration.ofHours(3)));
        touch(dir.resolve("epochs/0a02"), Instant.now().minus(Duration.ofHours(2)));
        touch(dir.resolve("epochs/5503"), Instant.now().minus(Duration.ofHours(1)));
        HeldEpochs held = epochs.older();
        assertThat(names(held.from("ff01", "c0de"))).containsExactly("ff01", "0a02", "5503");
        assertThat(names(held.from("0a02", "c0de"))).containsExactly("0a02", "5503");
        assertThat(held.from("dead", "c0de")).as("unknown or deleted: no place").isNull();
    }

    private static void touch(Path epochDir, Instant at) throws Exception {
        try (Stream<Path> files = Files.walk(epochDir)) {
            for (Path f : files.toList()) {
                Files.setLastModifiedTime(f, FileTime.from(at));
            }
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
