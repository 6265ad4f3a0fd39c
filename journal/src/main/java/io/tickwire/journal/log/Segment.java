package io.tickwire.journal.log;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One segment file, named after its first batch ({@code 00000000000000000001.seg}), and what
 * is known about it: its batches, size, newest engine time, and for each stream the range of
 * seqs it holds, so that a read from an old cursor opens only the segments it needs.
 */
public final class Segment {
    public static final String SUFFIX = ".seg";

    private final Path path;
    private final long firstBatch;
    private volatile long lastBatch;
    private volatile long size;
    private volatile long newestTs;
    /** stream -> {first seq, last seq} in this segment. */
    private final ConcurrentHashMap<String, long[]> seqRanges = new ConcurrentHashMap<>();

    public Segment(Path path, long firstBatch) {
        this.path = path;
        this.firstBatch = firstBatch;
        this.lastBatch = firstBatch - 1;
    }

    public static String fileName(long firstBatch) {
        return String.format("%020d%s", firstBatch, SUFFIX);
    }

    /** The first batch named by a segment file name, or -1 if it is not one. */
    public static long firstBatchOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX) || name.length() != 20 + SUFFIX.length()) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public Path path() {
        return path;
    }

    public long firstBatch() {
        return firstBatch;
    }

    public long lastBatch() {
        return lastBatch;
    }

    public long size() {
        return size;
    }

    public long newestTs() {
        return newestTs;
    }

    /** Only the writer (or recovery) calls this. */
    public void committed(long batch, long ts, long newSize) {
        lastBatch = batch;
        newestTs = Math.max(newestTs, ts);
        size = newSize;
    }

    public void size(long newSize) {
        size = newSize;
    }

    /** Only the writer (or recovery) calls this. */
    public void indexEvent(String stream, long seq) {
        long[] range = seqRanges.get(stream);
        if (range == null) {
            seqRanges.put(stream, new long[] {seq, seq});
        } else {
            range[1] = seq;
        }
    }

    /** {first, last} seq of the stream in this segment, or {@code null} if it has none. */
    public long[] seqRange(String stream) {
        long[] range = seqRanges.get(stream);
        return range == null ? null : range.clone();
    }
}
