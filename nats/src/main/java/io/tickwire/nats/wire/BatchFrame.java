package io.tickwire.nats.wire;

import io.tickwire.engine.event.Receipt;
import io.tickwire.journal.JournalEvent;
import io.tickwire.protocol.message.RejectCode;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a batch on JetStream, and how a batch too large for one NATS message is cut
 * into parts. A message carries these headers:
 * <ul>
 *   <li>{@code Nats-Msg-Id}: {@code EPOCH:BATCH}, or {@code EPOCH:BATCH:PART} when cut, so that
 *       JetStream drops a batch the core publishes again after a crash;</li>
 *   <li>{@code Tickwire-Epoch} and {@code Tickwire-Batch};</li>
 *   <li>{@code Tickwire-Part}: {@code I/N}, from 1; {@code 1/1} for a batch in one message.</li>
 * </ul>
 * The body of the whole batch: a format byte (2), the batch number and time (8 bytes each), the
 * event count (4), then per event its stream (a string), seq (8), type (a string) and data (4-byte
 * length, then the bytes); then the receipt count (4), and per receipt its request id and user id
 * (8 each), accepted (1 byte, 0 or 1), order id (8), client order id, reject code and message (each
 * a 4-byte length, -1 for none, then UTF-8), and, from format 2 on, the orders a cancel-all
 * canceled (4; -1 for any other command), and, from format 3 on, when a dead man's switch fires (8;
 * 0 disarmed, -1 for any other command) and a batch's per-order results (a 4-byte count, -1 for
 * none, then each as a receipt up to its message). Formats 1 and 2 are still read. A string is a
 * 2-byte length then UTF-8. Parts are consecutive slices of that body. Big-endian throughout.
 */
public final class BatchFrame {
    /** The header naming the core's journal epoch. */
    public static final String EPOCH = "Tickwire-Epoch";
    /** The header naming the batch number. */
    public static final String BATCH = "Tickwire-Batch";
    /** The header naming the part, {@code I/N}. */
    public static final String PART = "Tickwire-Part";

    /** Format 2 added each receipt's cancel-all count, format 3 its switch time and batch results. */
    private static final byte FORMAT = 3;
    private static final byte FORMAT_2 = 2;
    private static final byte FORMAT_1 = 1;

    private BatchFrame() {
    }

    /** The body of a whole batch without receipts. */
    public static byte[] encode(long number, long ts, List<JournalEvent> events) {
        return encode(number, ts, events, List.of());
    }

    /** The body of a whole batch. */
    public static byte[] encode(long number, long ts, List<JournalEvent> events, List<Receipt> receipts) {
        int size = 1 + 8 + 8 + 4 + 4;
        for (JournalEvent e : events) {
            size += 2 + utf8Length(e.stream()) + 8 + 2 + utf8Length(e.type()) + 4 + e.data().length;
        }
        List<byte[]> encoded = new ArrayList<>(receipts.size());
        for (Receipt r : receipts) {
            byte[] bytes = receipt(r);
            encoded.add(bytes);
            size += bytes.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(FORMAT).putLong(number).putLong(ts).putInt(events.size());
        for (JournalEvent e : events) {
            putString(out, e.stream());
            out.putLong(e.seq());
            putString(out, e.type());
            out.putInt(e.data().length).put(e.data());
        }
        out.putInt(receipts.size());
        encoded.forEach(out::put);
        return out.array();
    }

    /** One receipt's bytes: its common part, the count, the switch's time and a batch's results. */
    private static byte[] receipt(Receipt r) {
        List<byte[][]> texts = new ArrayList<>();
        int size = texts(r, texts) + 4 + 8 + 4;
        if (r.results() != null) {
            for (Receipt result : r.results()) {
                size += texts(result, texts);
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        putReceipt(out, r, texts.get(0));
        out.putInt(r.canceled());
        out.putLong(r.triggerAt());
        out.putInt(r.results() == null ? -1 : r.results().size());
        for (int i = 0; r.results() != null && i < r.results().size(); i++) {
            putReceipt(out, r.results().get(i), texts.get(i + 1));
        }
        return out.array();
    }

    /** Encodes a receipt's texts once, into {@code texts}; returns the size of its common part. */
    private static int texts(Receipt r, List<byte[][]> texts) {
        byte[][] t = {utf8(r.clientOrderId()), utf8(r.code() == null ? null : r.code().wire()), utf8(r.message())};
        texts.add(t);
        return 8 + 8 + 1 + 8 + 12 + length(t[0]) + length(t[1]) + length(t[2]);
    }

    private static void putReceipt(ByteBuffer out, Receipt r, byte[][] texts) {
        out.putLong(r.requestId()).putLong(r.userId()).put((byte) (r.accepted() ? 1 : 0)).putLong(r.orderId());
        for (byte[] text : texts) {
            putNullable(out, text);
        }
    }

    /** What {@link #putReceipt} wrote, as a receipt of any other command. */
    private static Receipt getReceipt(ByteBuffer in) {
        long requestId = in.getLong();
        long userId = in.getLong();
        boolean accepted = in.get() == 1;
        long orderId = in.getLong();
        String clientOrderId = getNullable(in);
        String code = getNullable(in);
        String message = getNullable(in);
        return new Receipt(requestId, userId, accepted, orderId, clientOrderId,
                code == null ? null : RejectCode.fromWire(code), message);
    }

    /**
     * The batch in a whole body.
     *
     * @throws IllegalArgumentException if the body is not a batch of this format
     */
    public static PublishedBatch decode(String epoch, byte[] body) {
        try {
            ByteBuffer in = ByteBuffer.wrap(body);
            byte format = in.get();
            if (format != FORMAT && format != FORMAT_2 && format != FORMAT_1) {
                throw new IllegalArgumentException("unknown batch format " + format);
            }
            long number = in.getLong();
            long ts = in.getLong();
            int count = in.getInt();
            if (count < 0 || count > in.remaining()) {
                throw new IllegalArgumentException("bad event count " + count);
            }
            List<JournalEvent> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String stream = getString(in);
                long seq = in.getLong();
                String type = getString(in);
                int length = in.getInt();
                if (length < 0 || length > in.remaining()) {
                    throw new IllegalArgumentException("bad data length " + length);
                }
                byte[] data = new byte[length];
                in.get(data);
                events.add(new JournalEvent(stream, seq, ts, type, data));
            }
            int receiptCount = in.getInt();
            if (receiptCount < 0 || receiptCount > in.remaining()) {
                throw new IllegalArgumentException("bad receipt count " + receiptCount);
            }
            List<Receipt> receipts = new ArrayList<>(receiptCount);
            for (int i = 0; i < receiptCount; i++) {
                Receipt common = getReceipt(in);
                int canceled = format == FORMAT_1 ? -1 : in.getInt();
                long triggerAt = format == FORMAT ? in.getLong() : -1;
                int resultCount = format == FORMAT ? in.getInt() : -1;
                if (resultCount < -1 || resultCount > in.remaining()) {
                    throw new IllegalArgumentException("bad result count " + resultCount);
                }
                List<Receipt> results = resultCount < 0 ? null : new ArrayList<>(resultCount);
                for (int j = 0; j < resultCount; j++) {
                    results.add(getReceipt(in));
                }
                receipts.add(new Receipt(common.requestId(), common.userId(), common.accepted(), common.orderId(),
                        common.clientOrderId(), common.code(), common.message(), canceled, results, triggerAt));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the last receipt");
            }
            return new PublishedBatch(epoch, number, ts, events, receipts);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated batch body", e);
        }
    }

    /** The message id of part {@code part} (from 1) of {@code parts} of a batch. */
    public static String messageId(String epoch, long batch, int part, int parts) {
        return parts == 1 ? epoch + ":" + batch : epoch + ":" + batch + ":" + part;
    }

    /** A body cut into slices of at most {@code maxPart} bytes (one slice when it fits). */
    public static List<byte[]> split(byte[] body, int maxPart) {
        if (maxPart < 1) {
            throw new IllegalArgumentException("maxPart must be positive");
        }
        if (body.length <= maxPart) {
            return List.of(body);
        }
        List<byte[]> parts = new ArrayList<>();
        for (int from = 0; from < body.length; from += maxPart) {
            int to = Math.min(body.length, from + maxPart);
            byte[] part = new byte[to - from];
            System.arraycopy(body, from, part, 0, part.length);
            parts.add(part);
        }
        return parts;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] text) {
        return text == null ? 0 : text.length;
    }

    private static void putNullable(ByteBuffer out, byte[] text) {
        if (text == null) {
            out.putInt(-1);
        } else {
            out.putInt(text.length).put(text);
        }
    }

    private static String getNullable(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("bad text length " + length);
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    private static void putString(ByteBuffer out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.putShort((short) bytes.length).put(bytes);
    }

    private static String getString(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        if (length > in.remaining()) {
            throw new IllegalArgumentException("bad string length " + length);
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
