package io.tickwire.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.HdrHistogram.Histogram;

/**
 * The disk's own durability latency, for reading a journal figure against: back-to-back
 * {@code write} of one record-sized block and {@code force(false)} on a zero-filled file, as a
 * preallocated segment is forced. No journal can release a batch faster than one of these, and
 * a batch that arrives while one is in flight waits for it too, so the journal's p99 is bound
 * below by this p99 (and nearer twice it under load).
 */
public final class DiskSync {

    private static final int FILE_BYTES = 16 << 20;
    private static final int BLOCK_BYTES = 1200;

    private DiskSync() {
    }

    /** Forces back to back in {@code directory} for {@code seconds}; returns the latency summary. */
    public static String measure(Path directory, double seconds) throws IOException {
        Path file = Files.createTempFile(directory, "disk-sync", ".tmp");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
            for (long at = 0; at < FILE_BYTES; at += zeros.capacity()) {
                zeros.clear();
                channel.write(zeros, at);
            }
            channel.force(true);
            Histogram histogram = new Histogram(60_000_000_000L, 3);
            ByteBuffer block = ByteBuffer.allocateDirect(BLOCK_BYTES);
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long position = 0;
            while (System.nanoTime() < end) {
                block.clear();
                long start = System.nanoTime();
                channel.write(block, position);
                channel.force(false);
                histogram.recordValue(System.nanoTime() - start);
                position = (position + BLOCK_BYTES) % (FILE_BYTES - BLOCK_BYTES);
            }
            return LatencyRun.summary(histogram);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
