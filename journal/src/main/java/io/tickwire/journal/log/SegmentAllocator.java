package io.tickwire.journal.log;

import io.tickwire.agent.AgentThreads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New segment files for the journal's writer. With preallocation on, a background thread keeps
 * one zero-filled spare ready under a fixed name, and a roll renames it into place: a force then
 * flushes data only, not the file's growth (measured in docs/performance.md, "Journal"). A scan
 * treats an all-zero tail as the clean end of the data.
 *
 * <p>{@link #open} and {@link #forceDirectory} are for the writer thread; the fill runs on
 * {@code tickwire-journal-preallocator}.
 */
public final class SegmentAllocator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SegmentAllocator.class);
    private static final String SPARE = "spare.prealloc";
    /** Bytes of zeros per write, and per force when forced in chunks. */
    private static final int ZERO_CHUNK = 1 << 20;

    private final Path directory;
    private final long segmentBytes;
    private final boolean preallocate;
    private final ExecutorService preallocator = Executors.newSingleThreadExecutor(
            AgentThreads.factory("journal-preallocator", e -> log.error("segment preallocator failed", e)));
    private volatile boolean spareReady;
    private volatile boolean open = true;

    public SegmentAllocator(Path directory, long segmentBytes, boolean preallocate) {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
        this.preallocate = preallocate;
    }

    /** Removes a spare left by an earlier process: its fill may not have finished. Before the first {@link #open}. */
    public void discardSpare() throws IOException {
        Files.deleteIfExists(directory.resolve(SPARE));
        Files.deleteIfExists(directory.resolve(SPARE + ".tmp"));
    }

    /**
     * A new segment file at {@code path}: the zero-filled spare renamed into place when one is
     * ready, else a plain new file ({@code first}: the journal's very first segment, zero-filled
     * now, worth a short wait at creation). Then the next spare is prepared off the writer thread.
     */
    public FileChannel open(Path path, boolean first) throws IOException {
        Path spare = directory.resolve(SPARE);
        if (preallocate && spareReady && Files.exists(spare)) {
            spareReady = false;
            Files.move(spare, path, StandardCopyOption.ATOMIC_MOVE);
        } else if (preallocate && first) {
            zeroFill(path, false);
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        prepareSpare();
        return channel;
    }

    /** Prepares a spare now, if preallocation is on and none is ready (after recovery, say). */
    public void prepareSpare() {
        if (!preallocate || spareReady) {
            return;
        }
        preallocator.execute(() -> {
            try {
                Path temp = directory.resolve(SPARE + ".tmp");
                zeroFill(temp, true);
                Files.move(temp, directory.resolve(SPARE), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                spareReady = true;
            } catch (IOException e) {
                if (open) {
                    log.warn("could not preallocate the next segment: {}", e.getMessage());
                }
            }
        });
    }

    /**
     * Writes a zero-filled file of the segment size. In chunks (the spare, written while the
     * journal runs): each 1 MiB is forced on its own, so that the journal's own
     * {@code fdatasync} never queues behind a whole segment of writeback, which stalled it for
     * tens of milliseconds after every roll. In alternating runs, pauses between the chunks
     * (5 and 10 ms) and smaller chunks (256 KiB) all made the journal's p99 worse: they spread
     * the contention over a longer time. A fill in chunks gives up when the allocator closes.
     */
    private void zeroFill(Path path, boolean inChunks) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_CHUNK);
            long written = 0;
            while (written < segmentBytes) {
                zeros.clear();
                if (segmentBytes - written < zeros.capacity()) {
                    zeros.limit((int) (segmentBytes - written));
                }
                written += channel.write(zeros, written);
                if (inChunks && written < segmentBytes) {
                    channel.force(false);
                    if (!open) {
                        throw new IOException("the journal is closing");
                    }
                }
            }
            channel.force(true);
        }
    }

    /** Makes a new file's name durable. */
    public void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the segment itself is synced.
            log.debug("directory fsync not supported: {}", e.getMessage());
        }
    }

    /**
     * Stops the fill and waits for it: the spare is written under a fixed name, and a fill still
     * running would write zeros into a file that the next journal opened here may already have
     * renamed into a segment.
     */
    @Override
    public void close() {
        open = false;
        preallocator.shutdownNow();
        try {
            if (!preallocator.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("the segment preallocator did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
