package io.tickwire.nats.node;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamState;
import io.nats.client.impl.Headers;
import io.tickwire.journal.JournalEvent;
import io.tickwire.nats.NatsConnections;
import io.tickwire.nats.wire.BatchFrame;
import io.tickwire.nats.wire.PartAssembler;
import io.tickwire.nats.wire.PublishedBatch;
import io.tickwire.server.config.JetStreamConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway node's reads of a stream's older events from JetStream: what a resume or a REST read
 * asks for that the node's memory no longer (or never) held. It finds the batch with the event
 * after the cursor by a binary search over the stream's sequence numbers (a stream's seqs grow with
 * the batches), then reads forward. Blocking: called on the hub's replay reader thread or a REST
 * read thread, never on an event loop or the hub thread.
 *
 * <p>Bounded: a lookup reads at most {@value #MAX_MESSAGES} messages. A stream with events in few
 * batches (a quiet account) may need more to be found; the read then answers "gone", and the
 * client gets a gap and a snapshot as it would for an event past retention.
 */
final class JetStreamReads implements AutoCloseable {
    static final int MAX_MESSAGES = 4_000;
    private static final Logger log = LoggerFactory.getLogger(JetStreamReads.class);

    private final JetStreamConfig config;
    private final String epoch;
    private Connection connection;

    JetStreamReads(JetStreamConfig config, String epoch) {
        this.config = config;
        this.epoch = epoch;
    }

    /** One batch read at a stream position, with the positions it spans and its events of one stream. */
    private record Found(long from, long to, long minSeq, long maxSeq, List<JournalEvent> events) {
    }

    /** How many messages a lookup may still read. */
    private static final class Budget {
        private int left = MAX_MESSAGES;

        boolean spend() {
            return left-- > 0;
        }
    }

    /**
     * Up to {@code max} events of {@code stream} after {@code afterSeq}, none beyond {@code upTo};
     * empty when JetStream no longer holds the first of them (or NATS cannot be asked).
     */
    Optional<List<JournalEvent>> read(String stream, long afterSeq, int max, long upTo) {
        Connection c = null;
        try {
            c = connection();
            return read(c.jetStreamManagement(), stream, afterSeq, max, upTo);
        } catch (IOException | JetStreamApiException e) {
            log.debug("JetStream read of {} after {} failed: {}", stream, afterSeq, e.toString());
            drop(c);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The connection the reads share (a resume reads page by page, each page a read), made on
     * first use and again after one failed; replaced rather than reconnected by jnats, as
     * {@link NatsConnections} explains.
     */
    private synchronized Connection connection() throws IOException, InterruptedException {
        if (connection == null || connection.getStatus() != Connection.Status.CONNECTED) {
            NatsConnections.closeQuietly(connection);
            connection = null;
            connection = NatsConnections.connect(config, "tickwire-node-reads");
        }
        return connection;
    }

    private synchronized void drop(Connection failed) {
        if (failed != null && failed == connection) {
            NatsConnections.closeQuietly(connection);
            connection = null;
        }
    }

    /** Closes the shared connection. */
    @Override
    public synchronized void close() {
        NatsConnections.closeQuietly(connection);
        connection = null;
    }

    private Optional<List<JournalEvent>> read(JetStreamManagement jsm, String stream, long afterSeq, int max,
                                              long upTo) throws IOException, JetStreamApiException {
        StreamState state = jsm.getStreamInfo(config.stream()).getStreamState();
        long first = Math.max(1, state.getFirstSequence());
        long last = state.getLastSequence();
        long target = afterSeq + 1;
        Budget budget = new Budget();
        long lo = first;
        long hi = last;
        Found start = null;
        while (lo <= hi && start == null) {
            long mid = (lo + hi) >>> 1;
            Found f = next(jsm, stream, mid, hi, budget);
            if (f == null) {
                hi = mid - 1; // nothing of this stream from mid on: the event is before mid, or nowhere
            } else if (f.minSeq() > target) {
                hi = mid - 1;
            } else if (f.maxSeq() < target) {
                lo = f.to() + 1;
            } else {
                start = f;
            }
        }
        if (start == null || start.minSeq() > target) {
            return Optional.empty();
        }
        List<JournalEvent> out = new ArrayList<>();
        Found f = start;
        while (f != null) {
            for (JournalEvent e : f.events()) {
                if (e.seq() > afterSeq && e.seq() <= upTo && out.size() < max) {
                    out.add(e);
                }
            }
            if (out.size() >= max || f.maxSeq() >= upTo) {
                break;
            }
            f = next(jsm, stream, f.to() + 1, last, budget);
        }
        if (out.isEmpty() || out.get(0).seq() != target) {
            return Optional.empty();
        }
        return Optional.of(out);
    }

    /**
     * The first whole batch of this epoch that starts at or after stream position {@code from} (up
     * to {@code to}) and has events of {@code stream}; null when there is none or the budget ran out.
     */
    private Found next(JetStreamManagement jsm, String stream, long from, long to, Budget budget)
            throws IOException, JetStreamApiException {
        PartAssembler assembler = new PartAssembler();
        long batchStart = -1;
        for (long pos = from; pos <= to; pos++) {
            if (!budget.spend()) {
                return null;
            }
            MessageInfo message;
            try {
                message = jsm.getMessage(config.stream(), pos);
            } catch (JetStreamApiException e) {
                continue; // deleted by the stream's limits meanwhile
            }
            Headers h = message.getHeaders();
            if (h == null || !epoch.equals(h.getFirst(BatchFrame.EPOCH))) {
                continue;
            }
            String part = h.getFirst(BatchFrame.PART);
            if (part != null && part.startsWith("1/")) {
                batchStart = pos;
            }
            Optional<PublishedBatch> batch;
            try {
                batch = assembler.accept(h.getFirst(BatchFrame.EPOCH), h.getFirst(BatchFrame.BATCH), part,
                        message.getData());
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (batch.isEmpty() || batchStart < 0) {
                continue;
            }
            List<JournalEvent> events = new ArrayList<>();
            for (JournalEvent e : batch.get().events()) {
                if (e.stream().equals(stream)) {
                    events.add(e);
                }
            }
            if (!events.isEmpty()) {
                return new Found(batchStart, pos, events.get(0).seq(), events.get(events.size() - 1).seq(), events);
            }
            batchStart = -1;
        }
        return null;
    }
}
