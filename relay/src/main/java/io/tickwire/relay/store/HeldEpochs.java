package io.tickwire.relay.store;

import io.tickwire.journal.ClosedJournal;
import io.tickwire.journal.EventHistory;
import io.tickwire.journal.JournalException;
import io.tickwire.server.hub.OlderEpochs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay's older epochs as its hub serves them: the journals under {@code DATA/epochs/} other
 * than the current one and the one being written, in the order the relay wrote them, each read
 * as a {@link ClosedJournal}. A capture's epochs are numbers one greater than the last, so their
 * order is theirs, and a cursor of one that retention deleted still has a place (before every
 * later held epoch: what it had after the cursor is a gap). A follower's are its upstream's
 * names, in no order of their own: they are ordered by when each was last written (one epoch is
 * written at a time), and a deleted one has no place.
 *
 * <p>A few journals are kept open (their segment index only); any thread.
 */
public final class HeldEpochs implements OlderEpochs {
    private static final Logger log = LoggerFactory.getLogger(HeldEpochs.class);
    /** Closed journals kept scanned: a poller of an older epoch reads the same few again and again. */
    private static final int KEPT = 8;

    private final Path root;
    private final boolean numbered;
    /** The epoch whose journal is open for writing: never read as a closed one. */
    private volatile String writing;
    private final Map<String, ClosedJournal> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ClosedJournal> eldest) {
            return size() > KEPT;
        }
    };

    /** {@code numbered}: a capture's epochs, decimal numbers in order; else a follower's. */
    HeldEpochs(Path root, boolean numbered) {
        this.root = root;
        this.numbered = numbered;
    }

    /** {@code epoch}'s journal is being opened for writing (the writer's thread). */
    void writing(String epoch) {
        writing = epoch;
        synchronized (kept) {
            kept.remove(epoch); // a follower may come back to an epoch: what was scanned is not final
        }
    }

    @Override
    public List<EventHistory> from(String epoch, String current) {
        List<String> held = held(current);
        int at = held.indexOf(epoch);
        List<String> chosen;
        if (at >= 0) {
            chosen = held.subList(at, held.size());
        } else if (numbered && number(epoch) >= 0 && number(epoch) < number(current)) {
            long gone = number(epoch);
            chosen = held.stream().filter(e -> number(e) > gone).toList();
        } else {
            return null;
        }
        List<EventHistory> out = new ArrayList<>(chosen.size());
        for (String name : chosen) {
            ClosedJournal journal = open(name);
            if (journal != null) {
                out.add(journal);
            }
        }
        if (at >= 0 && (out.isEmpty() || !out.get(0).epoch().equals(epoch))) {
            return numbered ? out : null; // deleted just now: as if never listed
        }
        return out;
    }

    /** The older epochs on disk, oldest first: neither {@code current} nor the one being written. */
    private List<String> held(String current) {
        List<String> names = new ArrayList<>();
        String open = writing;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String name = dir.getFileName().toString();
                boolean olderNumber = !numbered || (number(name) >= 0 && number(name) < number(current));
                if (!name.equals(current) && !name.equals(open) && !name.contains(".set-aside-") && olderNumber) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            return List.of(); // no epochs directory yet
        }
        names.sort(numbered ? Comparator.comparingLong(HeldEpochs::number)
                : Comparator.comparingLong((String n) -> EpochJournals.lastModified(root.resolve(n)))
                        .thenComparing(Comparator.naturalOrder()));
        return names;
    }

    private ClosedJournal open(String epoch) {
        synchronized (kept) {
            ClosedJournal journal = kept.get(epoch);
            if (journal != null && Files.isDirectory(root.resolve(epoch))) {
                return journal;
            }
            kept.remove(epoch);
        }
        try {
            ClosedJournal journal = ClosedJournal.open(root.resolve(epoch));
            if (!journal.epoch().equals(epoch)) {
                log.warn("{} holds epoch {}, not {}; not served", root.resolve(epoch), journal.epoch(), epoch);
                return null;
            }
            synchronized (kept) {
                if (!epoch.equals(writing)) {
                    kept.put(epoch, journal);
                }
            }
            return journal;
        } catch (JournalException e) {
            return null; // deleted by retention meanwhile, or never had a segment: nothing of it is held
        }
    }

    /** A capture's epoch as a number, or -1 if it is not one. */
    private static long number(String epoch) {
        if (epoch.isEmpty() || epoch.length() > 18) {
            return -1;
        }
        for (int i = 0; i < epoch.length(); i++) {
            if (epoch.charAt(i) < '0' || epoch.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(epoch);
    }
}
