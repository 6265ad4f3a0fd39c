package io.tickwire.protocol.book;

import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Level;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The order-book checksum of the protocol: the unsigned CRC32 of the best {@value #DEPTH} asks
 * (lowest first) then the best {@value #DEPTH} bids (highest first), each level written
 * {@code price:qty} with both strings exactly as on the wire, every level joined by {@code |}.
 * An empty book has the empty input and checksum 0.
 *
 * <p>An instance is an allocation-free accumulator for the engine and the SDK: {@link #reset()},
 * {@link #add} the levels in order, read {@link #value()}. Not thread-safe; keep one per thread.
 * The static helpers take whole sides.
 */
public final class BookChecksum {

    /** Levels per side that the checksum covers. */
    public static final int DEPTH = 10;

    /** Longest encoded level, {@code price:qty}. */
    public static final int MAX_LEVEL_BYTES = 2 * Decimal.FORMATTED_MAX_LENGTH + 1;

    private final CRC32 crc = new CRC32();
    private final char[] digits = new char[Decimal.FORMATTED_MAX_LENGTH];
    private final byte[] line = new byte[MAX_LEVEL_BYTES + 1];
    private boolean empty = true;

    /** Starts a new checksum. */
    public BookChecksum reset() {
        crc.reset();
        empty = true;
        return this;
    }

    /** Appends one level given as fixed-point values at their market scales. */
    public BookChecksum add(long price, int priceScale, long qty, int qtyScale) {
        int n = 0;
        if (!empty) {
            line[n++] = '|';
        }
        n += encodeLevel(price, priceScale, qty, qtyScale, digits, line, n);
        crc.update(line, 0, n);
        empty = false;
        return this;
    }

    /**
     * Writes {@code price:qty} in ASCII, each as its canonical decimal string, into {@code out}
     * at {@code offset}; returns the length. {@code scratch} needs
     * {@link Decimal#FORMATTED_MAX_LENGTH} chars.
     */
    public static int encodeLevel(long price, int priceScale, long qty, int qtyScale, char[] scratch, byte[] out,
                                  int offset) {
        int n = offset;
        n += encodeDecimal(price, priceScale, scratch, out, n);
        out[n++] = ':';
        n += encodeDecimal(qty, qtyScale, scratch, out, n);
        return n - offset;
    }

    /**
     * Writes one fixed-point value as its canonical decimal string in ASCII into {@code out} at
     * {@code offset}; returns the length. Lets a caller that keeps a level's encoding re-encode
     * only the quantity when only the quantity changed.
     */
    public static int encodeDecimal(long value, int scale, char[] scratch, byte[] out, int offset) {
        return ascii(scratch, Decimal.formatTo(value, scale, scratch), out, offset) - offset;
    }

    /** Appends one level. */
    public BookChecksum add(Level level) {
        return add(level.price().unscaled(), level.price().scale(), level.qty().unscaled(), level.qty().scale());
    }

    private static int ascii(char[] chars, int length, byte[] out, int at) {
        for (int i = 0; i < length; i++) {
            out[at + i] = (byte) chars[i];
        }
        return at + length;
    }

    /** The checksum of what was added, as an unsigned 32-bit value. */
    public long value() {
        return crc.getValue();
    }

    /**
     * The checksum of a book given as its sides, each best first (bids highest first, asks
     * lowest first); only the best {@value #DEPTH} of each count.
     */
    public static long of(List<Level> bids, List<Level> asks) {
        BookChecksum checksum = new BookChecksum();
        for (int i = 0; i < Math.min(DEPTH, asks.size()); i++) {
            checksum.add(asks.get(i));
        }
        for (int i = 0; i < Math.min(DEPTH, bids.size()); i++) {
            checksum.add(bids.get(i));
        }
        return checksum.value();
    }

    /** The exact string whose CRC32 is the checksum, for documentation and debugging. */
    public static String input(List<Level> bids, List<Level> asks) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(DEPTH, asks.size()); i++) {
            append(sb, asks.get(i));
        }
        for (int i = 0; i < Math.min(DEPTH, bids.size()); i++) {
            append(sb, bids.get(i));
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, Level level) {
        if (!sb.isEmpty()) {
            sb.append('|');
        }
        sb.append(level.price()).append(':').append(level.qty());
    }
}
