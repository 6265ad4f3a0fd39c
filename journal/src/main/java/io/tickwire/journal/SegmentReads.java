package io.tickwire.journal;

import io.tickwire.journal.log.RecordCodec;
import io.tickwire.journal.log.RecordView;
import io.tickwire.journal.log.Segment;
import io.tickwire.journal.log.SegmentScanner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads of the journal's segments from disk, for any thread: a stream's events after a cursor
 * (what the memory history no longer holds), the stored batches that recovery replays into
 * the engine, and whole batches' events for a follower that re-publishes them. Only what a
 * segment's committed size covers is read; a segment that retention deletes meanwhile reads as a gap.
 */
final class SegmentReads {
    private final List<Segment> segments;

    /** {@code segments}: the journal's, a copy-on-write list that the writer and retention change. */
    SegmentReads(List<Segment> segments) {
        this.segments = segments;
    }

    /**
     * Up to {@code max} events of {@code stream} after {@code afterSeq}, up to the durable
     * {@code head}, read from the segments; a {@link ReadResult.Gap} when the first of them is gone.
     */
    ReadResult read(String stream, long afterSeq, int max, long head) throws IOException {
        List<JournalEvent> out = new ArrayList<>();
        for (Segment segment : segments) {
            long[] range = segment.seqRange(stream);
            if (range == null || range[1] <= afterSeq) {
                continue;
            }
            try (SegmentScanner scanner = new SegmentScanner(segment.path())) {
                RecordView record;
                while ((record = scanner.next()) != null && out.size() < max) {
                    // (a segment deleted by retention meanwhile is caught below: its events are a gap)
                    if (record.type() != RecordCodec.EVENT || scanner.position() > segment.size()) {
                        if (scanner.position() > segment.size()) {
                            break;
                        }
                        continue;
                    }
                    JournalEvent event = decodeEvent(record);
                    if (event.stream().equals(stream) && event.seq() > afterSeq && event.seq() <= head) {
                        out.add(event);
                    }
                }
            } catch (NoSuchFileException deleted) {
                out.clear(); // retention took it while we read: what follows starts after a gap
                continue;
            }
            if (out.size() >= max) {
                break;
            }
        }
        if (out.isEmpty() || out.get(0).seq() != afterSeq + 1) {
            long resumeAt = out.isEmpty() ? head + 1 : out.get(0).seq();
            return new ReadResult.Gap(afterSeq + 1, resumeAt - 1);
        }
        return new ReadResult.Events(out);
    }

    /** Every stored batch after {@code afterBatch}, in the order the segments hold them. */
    void replay(long afterBatch, Consumer<Journal.StoredBatch> consumer) {
        try {
            for (Segment segment : segments) {
                if (segment.lastBatch() <= afterBatch) {
                    continue;
                }
                try (SegmentScanner scanner = new SegmentScanner(segment.path())) {
                    List<byte[]> commands = new ArrayList<>();
                    RecordView record;
                    while ((record = scanner.next()) != null && scanner.position() <= segment.size()) {
                        if (record.batch() <= afterBatch) {
                            continue;
                        }
                        if (record.type() == RecordCodec.COMMAND) {
                            commands.add(RecordCodec.getBytes(record.body().duplicate()));
                        } else if (record.type() == RecordCodec.BATCH_END) {
                            consumer.accept(new Journal.StoredBatch(record.batch(), record.ts(), commands));
                            commands = new ArrayList<>();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new JournalException("cannot replay the journal: " + e.getMessage(), e);
        }
    }

    /**
     * The events of every durable batch after {@code afterBatch} up to {@code head}, batch by
     * batch in order, until {@code consumer} returns false. A batch whose segment retention deleted
     * meanwhile ends the read early; the caller sees where it stopped from the last batch it got.
     */
    void batches(long afterBatch, long head, Predicate<Journal.LoggedBatch> consumer) {
        try {
            for (Segment segment : segments) {
                if (segment.lastBatch() <= afterBatch) {
                    continue;
                }
                try (SegmentScanner scanner = new SegmentScanner(segment.path())) {
                    List<JournalEvent> events = new ArrayList<>();
                    RecordView record;
                    while ((record = scanner.next()) != null && scanner.position() <= segment.size()) {
                        if (record.batch() <= afterBatch) {
                            continue;
                        }
                        if (record.batch() > head) {
                            return;
                        }
                        if (record.type() == RecordCodec.EVENT) {
                            events.add(decodeEvent(record));
                        } else if (record.type() == RecordCodec.BATCH_END) {
                            if (!consumer.test(new Journal.LoggedBatch(record.batch(), record.ts(), events))) {
                                return;
                            }
                            events = new ArrayList<>();
                        }
                    }
                } catch (NoSuchFileException deleted) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new JournalException("cannot read the journal: " + e.getMessage(), e);
        }
    }

    /** An event record's stream, seq, type and data, with its batch's time. */
    static JournalEvent decodeEvent(RecordView record) {
        ByteBuffer body = record.body().duplicate();
        String stream = RecordCodec.getString(body);
        long seq = body.getLong();
        String type = RecordCodec.getString(body);
        byte[] data = RecordCodec.getBytes(body);
        return new JournalEvent(stream, seq, record.ts(), type, data);
    }
}
