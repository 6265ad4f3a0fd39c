package io.tickwire.journal;

import static io.tickwire.journal.JournalTestSupport.batch;
import static io.tickwire.journal.JournalTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A closed journal read by cursor: what the journal served, from disk, and nothing on disk changed. */
class ClosedJournalTest {

    @TempDir
    Path dir;

    @Test
    void servesEveryStreamAsTheJournalDidAcrossSegments() throws Exception {
        String epoch;
        List<Journal<Object>> closed = new ArrayList<>();
        var collector = new JournalTestSupport.Collector();
        try (Journal<Object> journal = Journal.open(config(dir), collector)) {
            epoch = journal.epoch();
            for (long n = 1; n <= 600; n++) {
                journal.append(batch(n));
            }
            collector.await(600);
            assertThat(journal.segmentFiles()).as("the reads cross segments").hasSizeGreaterThan(1);
            closed.add(journal);
        }
        Journal<Object> written = closed.get(0); // closed, its memory and durable seqs still readable
        ClosedJournal read = ClosedJournal.open(dir);
        assertThat(read.epoch()).isEqualTo(epoch);
        for (String stream : JournalTestSupport.STREAMS) {
            assertThat(read.lastSeq(stream)).isEqualTo(written.lastSeq(stream)).isPositive();
            for (long after : new long[] {0, 1, 57, written.lastSeq(stream) - 1}) {
                ReadResult got = read.read(stream, after, 1000);
                assertThat(got).isInstanceOf(ReadResult.Events.class);
                List<JournalEvent> events = ((ReadResult.Events) got).events();
                assertThat(events).hasSize((int) (written.lastSeq(stream) - after));
                for (JournalEvent e : events) {
                    assertThat(e.stream()).isEqualTo(stream);
                }
                assertThat(events.get(0).seq()).isEqualTo(after + 1);
            }
            assertThat(read.read(stream, read.lastSeq(stream), 10)).isEqualTo(new ReadResult.Events(List.of()));
            assertThat(read.read(stream, read.lastSeq(stream) + 1, 10)).isInstanceOf(ReadResult.Ahead.class);
            assertThat(read.inMemory(stream, 0)).as("nothing is held in memory").isFalse();
        }
        assertThat(read.lastSeq("no.such")).isZero();
        assertThat(read.historySizes()).isEmpty();
    }

    @Test
    void aDamagedTailIsNotReadAndNotCut() throws Exception {
        var collector = new JournalTestSupport.Collector();
        long head;
        try (Journal<Object> journal = Journal.open(config(dir), collector)) {
            for (long n = 1; n <= 50; n++) {
                journal.append(batch(n));
            }
            collector.await(50);
            head = journal.lastSeq(JournalTestSupport.STREAMS[0]);
        }
        Path segment;
        try (var files = Files.list(dir)) {
            segment = files.filter(p -> p.toString().endsWith(".seg")).sorted().toList().getLast();
        }
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size - 3); // a torn last batch
        }
        ClosedJournal read = ClosedJournal.open(dir);
        assertThat(read.lastSeq(JournalTestSupport.STREAMS[0])).isLessThanOrEqualTo(head);
        ReadResult all = read.read(JournalTestSupport.STREAMS[0], 0, 1000);
        assertThat(((ReadResult.Events) all).events()).hasSize((int) read.lastSeq(JournalTestSupport.STREAMS[0]));
        assertThat(Files.size(segment)).as("a read-only scan cuts nothing").isEqualTo(size - 3);
    }

    @Test
    void aDirectoryWithoutAJournalIsAClearError() {
        assertThatThrownBy(() -> ClosedJournal.open(dir.resolve("none"))).isInstanceOf(JournalException.class)
                .hasMessageContaining("no journal");
        assertThatThrownBy(() -> ClosedJournal.open(dir)).isInstanceOf(JournalException.class)
                .hasMessageContaining("no journal");
    }
}
