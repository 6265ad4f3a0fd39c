package io.tickwire.journal.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads a segment's records front to back and stops at the first that is torn (the file ends
 * inside it) or damaged (a length out of bounds, a CRC mismatch). It never hands out a record
 * whose CRC does not match, so a corrupt event is never served.
 */
public final class SegmentScanner implements AutoCloseable {

    /** Why scanning stopped. */
    public enum Stop {
        /** Clean end of file. */
        END,
        /** The file ends inside a record: a write that did not finish. */
        TORN,
        /** A record's length or CRC is wrong. */
        CORRUPT
    }

    private final FileChannel channel;
    private final long size;
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer prefix = ByteBuffer.allocate(RecordCodec.PREFIX);
    private ByteBuffer body = ByteBuffer.allocate(4096);
    private long position;
    private Stop stop;
    private String problem;

    public SegmentScanner(Path path) throws IOException {
        this(path, 0);
    }

    /** Scans from {@code offset}, which must be the start of a record. */
    public SegmentScanner(Path path, long offset) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.size = channel.size();
        this.position = offset;
    }

    /** The next intact record, or {@code null} at the end or at damage ({@link #stop()} says which). */
    public RecordView next() throws IOException {
        if (stop != null) {
            return null;
        }
        if (position == size) {
            stop = Stop.END;
            return null;
        }
        if (size - position < RecordCodec.PREFIX) {
            return halt(Stop.TORN, "file ends inside a record prefix");
        }
        prefix.clear();
        readFully(prefix, position);
        int length = prefix.getInt(0);
        int expectedCrc = prefix.getInt(4);
        if (length == 0 && expectedCrc == 0) {
            // Zeros where a record would start: the unwritten part of a preallocated segment if
            // everything after is zero too; otherwise a hole before later data, which is damage.
            if (restIsZero(position)) {
                stop = Stop.END;
                return null;
            }
            return halt(Stop.CORRUPT, "zeros followed by data");
        }
        if (length < RecordCodec.COMMON || length > RecordCodec.MAX_RECORD) {
            return halt(Stop.CORRUPT, "record length " + length);
        }
        if (size - position - RecordCodec.PREFIX < length) {
            return halt(Stop.TORN, "file ends inside a record of " + length + " bytes");
        }
        if (body.capacity() < length) {
            body = ByteBuffer.allocate(Math.max(length, body.capacity() * 2));
        }
        body.clear().limit(length);
        readFully(body, position + RecordCodec.PREFIX);
        body.flip();
        crc.reset();
        crc.update(body.duplicate());
        if ((int) crc.getValue() != expectedCrc) {
            return halt(Stop.CORRUPT, "CRC mismatch");
        }
        byte type = body.get();
        long batch = body.getLong();
        long ts = body.getLong();
        long offset = position;
        position += RecordCodec.PREFIX + length;
        return new RecordView(offset, RecordCodec.PREFIX + length, type, batch, ts, body.slice());
    }

    private boolean restIsZero(long from) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long p = from;
        while (p < size) {
            chunk.clear();
            if (size - p < chunk.capacity()) {
                chunk.limit((int) (size - p));
            }
            readFully(chunk, p);
            for (int i = 0; i < chunk.limit(); i++) {
                if (chunk.get(i) != 0) {
                    return false;
                }
            }
            p += chunk.limit();
        }
        return true;
    }

    private RecordView halt(Stop reason, String detail) {
        stop = reason;
        problem = detail + " at offset " + position;
        return null;
    }

    private void readFully(ByteBuffer buffer, long at) throws IOException {
        long p = at;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, p);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            p += n;
        }
    }

    /** Where the next record would start: after the last intact one once scanning stopped. */
    public long position() {
        return position;
    }

    /** Why scanning stopped, or {@code null} while it has not. */
    public Stop stop() {
        return stop;
    }

    /** What was wrong, for the log. */
    public String problem() {
        return problem;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
