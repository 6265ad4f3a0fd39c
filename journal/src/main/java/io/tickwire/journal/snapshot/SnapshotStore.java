package io.tickwire.journal.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Engine snapshots on disk, each covering every batch up to its number. Written atomically:
 * a temporary file, forced, renamed into place, and the directory forced, so that a crash at
 * any moment leaves either the old snapshot or the new one, never half of one. A snapshot
 * whose CRC does not match is skipped in favour of the one before it.
 *
 * <p>File: {@code snapshot-<batch>.snap} = magic {@code TWS1}, long batch, int length, int
 * crc32c, the bytes.
 */
public final class SnapshotStore {
    private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);
    private static final int MAGIC = 0x54575331; // "TWS1"
    private static final int HEADER = 4 + 8 + 4 + 4;

    private final Path directory;
    private final int keep;

    /** A snapshot read back: the batch it covers and its bytes. */
    public record Snapshot(long batch, byte[] bytes) {
    }

    /**
     * @param keep how many snapshots to keep (at least 2, so a damaged newest one has a fallback)
     */
    public SnapshotStore(Path directory, int keep) {
        this.directory = directory;
        this.keep = Math.max(2, keep);
    }

    /** Writes a snapshot covering batches up to {@code batch}; returns its path. */
    public Path write(long batch, byte[] bytes) throws IOException {
        Files.createDirectories(directory);
        Path target = directory.resolve(String.format("snapshot-%020d.snap", batch));
        Path temp = directory.resolve(target.getFileName() + ".tmp");
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).putLong(batch).putInt(bytes.length)
                .putInt((int) crc.getValue()).flip();
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer body = ByteBuffer.wrap(bytes);
            while (header.hasRemaining() || body.hasRemaining()) {
                channel.write(new ByteBuffer[] {header, body});
            }
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
        prune();
        return target;
    }

    /**
     * The batch of the oldest snapshot kept, or 0 if none: the journal must keep every batch
     * after it, because recovery falls back to it when newer snapshots are damaged.
     */
    public long oldestKeptBatch() throws IOException {
        List<Path> files = files();
        return files.isEmpty() ? 0 : batchOf(files.get(files.size() - 1));
    }

    /** The newest intact snapshot covering no batch after {@code maxBatch}, if any. */
    public Optional<Snapshot> latest(long maxBatch) throws IOException {
        for (Path file : files()) {
            long batch = batchOf(file);
            if (batch > maxBatch) {
                log.warn("snapshot {} is ahead of the journal (batch {}); skipped", file, maxBatch);
                continue;
            }
            Optional<Snapshot> snapshot = read(file);
            if (snapshot.isPresent()) {
                return snapshot;
            }
        }
        return Optional.empty();
    }

    private Optional<Snapshot> read(Path file) {
        try {
            byte[] all = Files.readAllBytes(file);
            ByteBuffer buffer = ByteBuffer.wrap(all);
            if (all.length < HEADER || buffer.getInt() != MAGIC) {
                log.warn("snapshot {} has no valid header; skipped", file);
                return Optional.empty();
            }
            long batch = buffer.getLong();
            int length = buffer.getInt();
            int expected = buffer.getInt();
            if (length != all.length - HEADER) {
                log.warn("snapshot {} is truncated; skipped", file);
                return Optional.empty();
            }
            CRC32C crc = new CRC32C();
            crc.update(all, HEADER, length);
            if ((int) crc.getValue() != expected) {
                log.warn("snapshot {} fails its CRC; skipped", file);
                return Optional.empty();
            }
            byte[] bytes = new byte[length];
            System.arraycopy(all, HEADER, bytes, 0, length);
            return Optional.of(new Snapshot(batch, bytes));
        } catch (IOException e) {
            log.warn("snapshot {} cannot be read: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Snapshot files, newest first. */
    private List<Path> files() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(directory)) {
            List<Path> files = new ArrayList<>(list.filter(p -> batchOf(p) >= 0).toList());
            files.sort(Comparator.comparingLong(SnapshotStore::batchOf).reversed());
            return files;
        }
    }

    private static long batchOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith("snapshot-") || !name.endsWith(".snap")) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(9, name.length() - 5));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void prune() throws IOException {
        List<Path> files = files();
        for (Path old : files.subList(Math.min(keep, files.size()), files.size())) {
            Files.deleteIfExists(old);
        }
    }

    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            log.debug("directory fsync not supported: {}", e.getMessage());
        }
    }
}
