package io.tickwire.nats.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamState;
import io.nats.client.impl.Headers;
import io.tickwire.journal.Journal;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.nats.wire.BatchFrame;
import io.tickwire.nats.wire.PartAssembler;
import io.tickwire.nats.wire.PublishedBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/**
 * The whole content of a stream, read message by message: how many messages, each one's
 * {@code EPOCH:BATCH:PART} in stream order, and the batches they hold put together.
 */
record StreamContent(long messages, List<String> parts, List<PublishedBatch> batches) {

    static StreamContent read(String url, JetStreamConfig config) throws IOException, InterruptedException,
            JetStreamApiException {
        Connection connection = Nats.connect(url);
        try {
            JetStreamManagement jsm = connection.jetStreamManagement();
            // One look at the stream's state: a running core may add a batch (a tick) between two.
            StreamState state = jsm.getStreamInfo(config.stream()).getStreamState();
            long last = state.getLastSequence();
            long messages = state.getMsgCount();
            PartAssembler assembler = new PartAssembler();
            List<PublishedBatch> batches = new ArrayList<>();
            List<String> parts = new ArrayList<>();
            for (long seq = 1; seq <= last; seq++) {
                MessageInfo m = jsm.getMessage(config.stream(), seq);
                Headers h = m.getHeaders();
                parts.add(h.getFirst(BatchFrame.EPOCH) + ":" + h.getFirst(BatchFrame.BATCH) + ":"
                        + h.getFirst(BatchFrame.PART));
                assembler.accept(h.getFirst(BatchFrame.EPOCH), h.getFirst(BatchFrame.BATCH),
                        h.getFirst(BatchFrame.PART), m.getData()).ifPresent(batches::add);
            }
            return new StreamContent(messages, parts, batches);
        } finally {
            connection.close();
        }
    }

    /** The batches as the journal keeps them: without the receipts, which only live publishing carries. */
    List<PublishedBatch> logged() {
        return batches.stream().map(b -> new PublishedBatch(b.epoch(), b.number(), b.ts(), b.events())).toList();
    }

    /** How many receipts the batches carried. */
    long receipts() {
        return batches.stream().mapToLong(b -> b.receipts().size()).sum();
    }

    /**
     * Asserts that the stream is the journal: every durable batch once, in order, with the
     * journal's events, and no message stored twice. A running core may add a batch of its own
     * (a statistics tick) after the caller's wait and before or while the stream is read; the
     * stream must then still hold every batch the journal had when the read began, and whatever
     * it holds beyond them must be the journal's next batches, in order.
     */
    void assertIsTheJournal(Journal<?> journal, long atLeast) {
        assertThat(parts()).as("no message stored twice").doesNotHaveDuplicates().hasSize((int) messages);
        long last = batches.isEmpty() ? 0 : batches.getLast().number();
        assertThat(last).as("the stream has every batch durable before it was read").isGreaterThanOrEqualTo(atLeast);
        assertThat(numbers()).as("every batch once, in order")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
        List<PublishedBatch> expected = new ArrayList<>();
        journal.readBatches(0, b -> b.number() <= last
                && expected.add(new PublishedBatch(journal.epoch(), b.number(), b.ts(), b.events())));
        assertThat(logged()).isEqualTo(expected);
    }

    List<Long> numbers() {
        return batches.stream().map(PublishedBatch::number).toList();
    }
}
