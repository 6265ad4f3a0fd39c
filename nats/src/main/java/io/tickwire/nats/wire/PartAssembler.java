package io.tickwire.nats.wire;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * Puts a batch cut into parts back together, for one reader of the stream in stream order. Parts
 * of one batch are consecutive on the stream (one publisher, in order); a part that does not
 * continue the batch being assembled (a re-publish after a crash that JetStream's window no longer
 * covered) restarts the assembly at its own batch.
 */
public final class PartAssembler {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private String pendingEpoch;
    private long pendingBatch = -1;
    private int nextPart = 1;

    /**
     * Takes one message of the stream: its headers' epoch, batch and part ({@code I/N}) and its
     * body. Returns the batch when this was its last part.
     *
     * @throws IllegalArgumentException if the headers are not a batch's
     */
    public Optional<PublishedBatch> accept(String epoch, String batch, String part, byte[] body) {
        if (epoch == null || batch == null || part == null) {
            throw new IllegalArgumentException("not a Tickwire batch: headers " + BatchFrame.EPOCH + ", "
                    + BatchFrame.BATCH + " and " + BatchFrame.PART + " are required");
        }
        long number;
        int index;
        int count;
        try {
            number = Long.parseLong(batch);
            int slash = part.indexOf('/');
            index = Integer.parseInt(part.substring(0, slash));
            count = Integer.parseInt(part.substring(slash + 1));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("bad batch headers: batch '" + batch + "', part '" + part + "'", e);
        }
        if (index < 1 || index > count) {
            throw new IllegalArgumentException("bad part " + part);
        }
        if (count == 1) {
            reset();
            return Optional.of(BatchFrame.decode(epoch, body));
        }
        if (index == 1 || !epoch.equals(pendingEpoch) || number != pendingBatch || index != nextPart) {
            reset();
            if (index != 1) {
                return Optional.empty(); // the rest of a batch whose start we did not see
            }
            pendingEpoch = epoch;
            pendingBatch = number;
        }
        pending.writeBytes(body);
        nextPart = index + 1;
        if (index < count) {
            return Optional.empty();
        }
        byte[] whole = pending.toByteArray();
        reset();
        return Optional.of(BatchFrame.decode(epoch, whole));
    }

    private void reset() {
        pending.reset();
        pendingEpoch = null;
        pendingBatch = -1;
        nextPart = 1;
    }
}
