package io.tickwire.journal.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The on-disk record format. Every record is
 * <pre>
 *   int  length   bytes after this 8-byte prefix
 *   int  crc32c   of those bytes
 *   byte type     HEADER, COMMAND, EVENT or BATCH_END
 *   long batch    the batch the record belongs to
 *   long ts       the batch's engine time, ms
 *   ...           the body of the type
 * </pre>
 * Bodies: HEADER {@code str epoch, int n, n x (str stream, long lastSeq)} (the seq table
 * before the segment's first batch); COMMAND {@code int len, bytes}; EVENT {@code str stream,
 * long seq, str type, int len, bytes}; BATCH_END {@code int commands, int events}. A
 * {@code str} is a short length and UTF-8 bytes. Big-endian throughout.
 */
public final class RecordCodec {

    public static final byte HEADER = 0;
    public static final byte COMMAND = 1;
    public static final byte EVENT = 2;
    public static final byte BATCH_END = 3;

    /** The length and CRC prefix. */
    public static final int PREFIX = 8;
    /** type + batch + ts. */
    public static final int COMMON = 1 + 8 + 8;
    /** No record is larger: a larger length field means a damaged record. */
    public static final int MAX_RECORD = 64 << 20;

    private RecordCodec() {
    }

    /** Begins a record at the buffer's position; returns where it starts, for {@link #end}. */
    public static int begin(ByteBuffer buffer, byte type, long batch, long ts) {
        int start = buffer.position();
        buffer.putLong(0L); // length and crc, filled by end()
        buffer.put(type).putLong(batch).putLong(ts);
        return start;
    }

    /** Finishes the record begun at {@code start}: writes its length and CRC32C. */
    public static void end(ByteBuffer buffer, int start, CRC32C crc) {
        int end = buffer.position();
        int length = end - start - PREFIX;
        crc.reset();
        ByteBuffer body = buffer.duplicate();
        body.position(start + PREFIX).limit(end);
        crc.update(body);
        buffer.putInt(start, length);
        buffer.putInt(start + 4, (int) crc.getValue());
    }

    public static void putString(ByteBuffer buffer, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string too long for a record: " + bytes.length + " bytes");
        }
        buffer.putShort((short) bytes.length).put(bytes);
    }

    public static String getString(ByteBuffer buffer) {
        int length = buffer.getShort();
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalStateException("bad string length " + length);
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static void putBytes(ByteBuffer buffer, byte[] value) {
        buffer.putInt(value.length).put(value);
    }

    public static byte[] getBytes(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalStateException("bad byte length " + length);
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    /** Upper bound of the encoded size of a string. */
    public static int stringSize(String value) {
        return 2 + value.length() * 3;
    }

    /** Writes a HEADER record. */
    public static void header(ByteBuffer buffer, long firstBatch, String epoch, Map<String, Long> seqs, CRC32C crc) {
        int start = begin(buffer, HEADER, firstBatch, 0);
        putString(buffer, epoch);
        buffer.putInt(seqs.size());
        for (Map.Entry<String, Long> entry : seqs.entrySet()) {
            putString(buffer, entry.getKey());
            buffer.putLong(entry.getValue());
        }
        end(buffer, start, crc);
    }

    /** Upper bound of a HEADER record's size. */
    public static int headerSize(String epoch, Map<String, Long> seqs) {
        int size = PREFIX + COMMON + stringSize(epoch) + 4;
        for (String stream : seqs.keySet()) {
            size += stringSize(stream) + 8;
        }
        return size;
    }
}
