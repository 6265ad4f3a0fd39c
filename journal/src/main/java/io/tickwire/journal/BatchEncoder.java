package io.tickwire.journal;

import io.tickwire.journal.log.RecordCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The journal writer's encoding, on its thread only: each batch becomes its command records, its
 * event records (each event given its stream's next seq) and an end marker, appended to one
 * direct buffer that the writer then writes with one call per group.
 *
 * @param <A> the batch's attachment, carried to the committed batch
 */
final class BatchEncoder<A> {
    private final CRC32C crc = new CRC32C();
    /** Seqs assigned so far, ahead of the durable ones between a write and its force. */
    private final Map<String, Long> assignedSeqs = new HashMap<>();
    /** Stream and type names repeat endlessly: encode each once ({@code short length + UTF-8}). */
    private final Map<String, byte[]> names = new HashMap<>();
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);

    /** Continues each stream after the seq recovery found. Before the first batch. */
    void startAt(Map<String, Long> seqs) {
        assignedSeqs.putAll(seqs);
    }

    /** The seqs assigned so far (a segment's header records them). */
    Map<String, Long> seqs() {
        return Collections.unmodifiableMap(assignedSeqs);
    }

    /** Bytes encoded and not yet written. */
    int pending() {
        return buffer.position();
    }

    void clear() {
        buffer.clear();
    }

    /** Writes what is encoded at {@code position} of {@code channel}; returns the new end. */
    long writeTo(FileChannel channel, long position) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        buffer.clear();
        return position;
    }

    /**
     * Encodes {@code batch} as batch {@code number}, after what the buffer holds; assigns its events' seqs. The
     * committed batch shares nothing with {@code batch} but the commands' and the callers' own arrays, so that a
     * pooled batch can be reused at once.
     */
    CommittedBatch<A> encode(Batch<A> batch, long number) {
        int size = RecordCodec.PREFIX + RecordCodec.COMMON + 8;
        for (byte[] command : batch.commands) {
            size += RecordCodec.PREFIX + RecordCodec.COMMON + 4 + command.length;
        }
        int eventCount = batch.eventCount();
        for (int i = 0; i < eventCount; i++) {
            size += RecordCodec.PREFIX + RecordCodec.COMMON + RecordCodec.stringSize(batch.stream(i)) + 8
                    + RecordCodec.stringSize(batch.type(i)) + 4 + batch.dataLength(i);
        }
        ensureCapacity(size);
        for (byte[] command : batch.commands) {
            int at = RecordCodec.begin(buffer, RecordCodec.COMMAND, number, batch.ts);
            RecordCodec.putBytes(buffer, command);
            RecordCodec.end(buffer, at, crc);
        }
        List<JournalEvent> events = new ArrayList<>(eventCount);
        for (int i = 0; i < eventCount; i++) {
            String stream = batch.stream(i);
            long seq = batch.seq(i) == 0 ? assignedSeqs.merge(stream, 1L, Long::sum) : keep(stream, batch.seq(i));
            int at = RecordCodec.begin(buffer, RecordCodec.EVENT, number, batch.ts);
            buffer.put(nameBytes(stream));
            buffer.putLong(seq);
            buffer.put(nameBytes(batch.type(i)));
            batch.putData(i, buffer);
            RecordCodec.end(buffer, at, crc);
            events.add(new JournalEvent(stream, seq, batch.ts, batch.type(i), batch.data(i)));
        }
        int at = RecordCodec.begin(buffer, RecordCodec.BATCH_END, number, batch.ts);
        buffer.putInt(batch.commands.size()).putInt(eventCount);
        RecordCodec.end(buffer, at, crc);
        return new CommittedBatch<>(number, batch.ts, List.copyOf(batch.commands), events, batch.attachment);
    }

    /** A seq given with the event: any for a stream's first, then dense, as recovery checks. */
    private long keep(String stream, long seq) {
        Long last = assignedSeqs.get(stream);
        if (last != null && seq != last + 1) {
            throw new IllegalStateException(stream + " seq " + seq + " does not follow its last, " + last);
        }
        assignedSeqs.put(stream, seq);
        return seq;
    }

    private byte[] nameBytes(String name) {
        byte[] bytes = names.get(name);
        if (bytes == null) {
            ByteBuffer encoded = ByteBuffer.allocate(RecordCodec.stringSize(name));
            RecordCodec.putString(encoded, name);
            bytes = Arrays.copyOf(encoded.array(), encoded.position());
            if (names.size() < 1_000_000) {
                names.put(name, bytes);
            }
        }
        return bytes;
    }

    private void ensureCapacity(int more) {
        if (buffer.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(buffer.capacity() * 2, buffer.position() + more));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
    }
}
