package io.tickwire.relay.store;

import io.tickwire.journal.AtomicFiles;
import io.tickwire.journal.Journal;
import io.tickwire.journal.JournalConfig;
import io.tickwire.journal.JournalListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay's journals, one per epoch: {@code DATA/epochs/<epoch>/}, and {@code DATA/current-epoch}
 * naming the one in use. A journal has one epoch for all its streams and seqs dense from the
 * first, so a relay that starts a new epoch (a captured feed's reconnect, its upstream's new
 * epoch) starts a new journal beside the old. The old ones are served to cursors of them
 * ({@link #older}) until {@link #prune} finds them older than the retention age or beyond its
 * size, oldest first.
 *
 * <p>Used by one thread at a time (the relay's recorder).
 */
public final class EpochJournals {
    private static final Logger log = LoggerFactory.getLogger(EpochJournals.class);
    /** What an epoch may be called on disk: the epochs a relay makes and a Tickwire upstream's (hex). */
    private static final Pattern EPOCH = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final Path root;
    private final Path currentFile;
    private final JournalConfig template;
    private final HeldEpochs older;

    /**
     * {@code template}: every journal's settings, its directory replaced by the epoch's;
     * {@code numbered}: the epochs are a capture's, decimal numbers one greater than the last.
     */
    public EpochJournals(Path dataDir, JournalConfig template, boolean numbered) {
        this.root = dataDir.resolve("epochs");
        this.currentFile = dataDir.resolve("current-epoch");
        this.template = template;
        this.older = new HeldEpochs(root, numbered);
    }

    /** The epochs before the current one, for the hub to serve their cursors; any thread. */
    public HeldEpochs older() {
        return older;
    }

    /**
     * Journal settings of a relay: fsync and group commit as on a core, with smaller segments that
     * grow as written rather than preallocated. A capture starts a journal at every reconnect, and
     * a short epoch should cost a few kilobytes, not a zero-filled 64 MiB segment and its spare.
     */
    public static JournalConfig settings(Path dataDir, int historyEvents, Duration retentionAge,
                                              long retentionBytes) {
        return JournalConfig.defaults(dataDir).withSegmentBytes(16L << 20).withPreallocation(false)
                .withHistory(historyEvents, Duration.ofHours(1)).withRetention(retentionAge, retentionBytes);
    }

    /** The epoch in use when the relay last ran, if any. */
    public Optional<String> current() {
        try {
            if (!Files.isRegularFile(currentFile)) {
                return Optional.empty();
            }
            String epoch = Files.readString(currentFile, StandardCharsets.UTF_8).trim();
            if (!EPOCH.matcher(epoch).matches()) {
                throw new IllegalStateException(currentFile + " does not name an epoch (\"" + epoch
                        + "\"); move the data directory aside to start afresh");
            }
            if (!Files.isDirectory(root.resolve(epoch))) {
                // Set aside just before a new journal was opened: there is none to resume.
                log.warn("{} names epoch {}, whose journal is not there; starting afresh", currentFile, epoch);
                return Optional.empty();
            }
            return Optional.of(epoch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + currentFile, e);
        }
    }

    /** The directory of {@code epoch}'s journal. */
    public Path directory(String epoch) {
        if (!EPOCH.matcher(epoch).matches()) {
            throw new IllegalArgumentException("not an epoch name: " + epoch);
        }
        return root.resolve(epoch);
    }

    /**
     * Opens (creating or recovering) the journal of {@code epoch} and records it as the one in
     * use; its batches go to {@code listener} once durable.
     */
    public <A> Journal<A> open(String epoch, JournalListener<A> listener) {
        Path dir = directory(epoch);
        older.writing(epoch);
        Journal<A> journal = Journal.open(template.withDirectory(dir), epoch, listener);
        if (!journal.epoch().equals(epoch)) {
            journal.close();
            throw new IllegalStateException(dir + " holds epoch " + journal.epoch() + ", not " + epoch);
        }
        try {
            AtomicFiles.replace(currentFile, (epoch + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            journal.close();
            throw new UncheckedIOException("cannot record the current epoch in " + currentFile, e);
        }
        return journal;
    }

    /**
     * Deletes the journals of epochs other than {@code current} once older than {@code maxAge}
     * (since last written) or while all epochs together exceed {@code maxBytes}, oldest first.
     */
    public void prune(String current, Duration maxAge, long maxBytes) {
        List<Path> old = new ArrayList<>();
        long total = 0;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                total += size(dir);
                if (!dir.getFileName().toString().equals(current)) {
                    old.add(dir);
                }
            }
        } catch (IOException e) {
            log.warn("cannot list {}: {}", root, e.getMessage());
            return;
        }
        old.sort(Comparator.comparingLong(EpochJournals::lastModified));
        long now = System.currentTimeMillis();
        for (Path dir : old) {
            boolean tooOld = now - lastModified(dir) > maxAge.toMillis();
            if (!tooOld && total <= maxBytes) {
                break;
            }
            long bytes = size(dir);
            if (delete(dir)) {
                total -= bytes;
                log.info("retention deleted the journal of epoch {} ({})", dir.getFileName(), tooOld ? "age" : "size");
            }
        }
    }

    /** When anything in {@code dir} (not below it) was last written, ms. */
    static long lastModified(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            long newest = Files.getLastModifiedTime(dir).toMillis();
            for (Path f : files.toList()) {
                newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
            }
            return newest;
        } catch (IOException e) {
            return Long.MAX_VALUE; // unreadable: never the oldest
        }
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
            return true;
        } catch (IOException e) {
            log.warn("retention could not delete {}: {}", dir, e.getMessage());
            return false;
        }
    }
}
