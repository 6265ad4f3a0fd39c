package io.tickwire.protocol.decimal;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact decimal number as it travels on the wire: an unscaled {@code long} and the number
 * of fraction digits. {@code "85000.10"} is {@code Decimal(8500010, 2)}; the scale is kept, so
 * a value decoded from the wire encodes back to the very same string.
 *
 * <p>Money is never a {@code double} in Tickwire. The engine works in fixed-point {@code long}s
 * at each market's scale; {@link #unscaledAt(int)} converts a wire value into that scale and
 * refuses, with a clear message, anything that would need rounding or would overflow.
 *
 * <p>The canonical form, the only one {@link #parse} accepts: optional {@code -} (only where a
 * signed value is allowed), then {@code 0} or a digit string without leading zeros, then
 * optionally {@code .} and 1 to {@value #MAX_SCALE} digits. No {@code +}, no exponent, no
 * blanks, no leading or trailing dot. {@code "-0"} is read as zero.
 *
 * @param unscaled the value times 10<sup>scale</sup>
 * @param scale    number of fraction digits, 0 to {@value #MAX_SCALE}
 */
public record Decimal(long unscaled, int scale) implements Comparable<Decimal> {

    /** The most fraction digits a decimal may have; 10<sup>18</sup> still fits in a {@code long}. */
    public static final int MAX_SCALE = 18;

    /** Longest accepted input: a sign, 19 integer digits, a dot and 18 fraction digits, plus slack. */
    private static final int MAX_LENGTH = 48;

    /** Longest formatted value: a sign, 19 digits and a dot. */
    public static final int FORMATTED_MAX_LENGTH = 21;

    private static final long[] POWERS_OF_TEN = new long[MAX_SCALE + 1];

    /** {@code "00"} to {@code "99"} as ASCII, two bytes each: {@link #formatTo} writes two digits a division. */
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        long p = 1;
        for (int i = 0; i <= MAX_SCALE; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** Zero with no fraction digits. */
    public static final Decimal ZERO = new Decimal(0, 0);

    public Decimal {
        if (scale < 0 || scale > MAX_SCALE) {
            throw new DecimalFormatException("scale must be between 0 and " + MAX_SCALE + ", was " + scale);
        }
    }

    /** A decimal from a fixed-point value at the given scale: {@code of(1500, 3)} is 1.500. */
    public static Decimal of(long unscaled, int scale) {
        return new Decimal(unscaled, scale);
    }

    /**
     * Parses a canonical, non-negative decimal string (prices, quantities, balances).
     *
     * @throws DecimalFormatException if the text is not canonical, is negative, or overflows
     */
    public static Decimal parse(CharSequence text) {
        return parse(text, false);
    }

    /**
     * Parses a canonical decimal string that may be negative (a fee that is a rebate).
     *
     * @throws DecimalFormatException if the text is not canonical or overflows
     */
    public static Decimal parseSigned(CharSequence text) {
        return parse(text, true);
    }

    private static Decimal parse(CharSequence text, boolean signed) {
        if (text == null) {
            throw new DecimalFormatException("a decimal is required");
        }
        final int length = text.length();
        if (length == 0) {
            throw new DecimalFormatException("empty decimal string");
        }
        if (length > MAX_LENGTH) {
            throw new DecimalFormatException("decimal string too long (" + length + " characters)");
        }
        int i = 0;
        boolean negative = false;
        char first = text.charAt(0);
        if (first == '+') {
            throw new DecimalFormatException("a '+' sign is not allowed in \"" + text + "\"");
        }
        if (first == '-') {
            if (!signed) {
                throw new DecimalFormatException("a negative value is not allowed here: \"" + text + "\"");
            }
            negative = true;
            i = 1;
        }
        // Accumulate as a negative number so that Long.MIN_VALUE is representable.
        long acc = 0;
        final int integerStart = i;
        while (i < length && isDigit(text.charAt(i))) {
            acc = appendDigit(acc, text.charAt(i), text);
            i++;
        }
        final int integerDigits = i - integerStart;
        if (integerDigits == 0) {
            throw new DecimalFormatException("a decimal must start with a digit: \"" + text + "\"");
        }
        if (integerDigits > 1 && text.charAt(integerStart) == '0') {
            throw new DecimalFormatException("leading zeros are not allowed: \"" + text + "\"");
        }
        int scale = 0;
        if (i < length && text.charAt(i) == '.') {
            i++;
            final int fractionStart = i;
            while (i < length && isDigit(text.charAt(i))) {
                acc = appendDigit(acc, text.charAt(i), text);
                i++;
            }
            scale = i - fractionStart;
            if (scale == 0) {
                throw new DecimalFormatException("a decimal point must be followed by digits: \"" + text + "\"");
            }
            if (scale > MAX_SCALE) {
                throw new DecimalFormatException("more than " + MAX_SCALE + " fraction digits: \"" + text + "\"");
            }
        }
        if (i < length) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E') {
                throw new DecimalFormatException("exponent notation is not allowed: \"" + text + "\"");
            }
            throw new DecimalFormatException("unexpected character '" + printable(c) + "' in decimal \"" + text + "\"");
        }
        if (negative) {
            return new Decimal(acc, scale); // "-0" lands here as 0
        }
        if (acc == Long.MIN_VALUE) {
            throw new DecimalFormatException("decimal out of range: \"" + text + "\"");
        }
        return new Decimal(-acc, scale);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static long appendDigit(long negativeAcc, char digit, CharSequence text) {
        // negativeAcc * 10 - d, checked: the bound is the largest magnitude a long holds.
        if (negativeAcc < Long.MIN_VALUE / 10) {
            throw new DecimalFormatException("decimal out of range: \"" + text + "\"");
        }
        long shifted = negativeAcc * 10;
        int d = digit - '0';
        if (shifted < Long.MIN_VALUE + d) {
            throw new DecimalFormatException("decimal out of range: \"" + text + "\"");
        }
        return shifted - d;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    /**
     * This value as a fixed-point {@code long} with {@code targetScale} fraction digits, exactly.
     *
     * @throws DecimalFormatException if this value has more fraction digits than
     *                                {@code targetScale}, or the result overflows a {@code long}
     */
    public long unscaledAt(int targetScale) {
        if (targetScale < 0 || targetScale > MAX_SCALE) {
            throw new DecimalFormatException("scale must be between 0 and " + MAX_SCALE + ", was " + targetScale);
        }
        if (scale > targetScale) {
            throw new DecimalFormatException(this + " has " + scale + " fraction digits; at most "
                    + targetScale + " are allowed");
        }
        try {
            return Math.multiplyExact(unscaled, POWERS_OF_TEN[targetScale - scale]);
        } catch (ArithmeticException overflow) {
            throw new DecimalFormatException(this + " is out of range at scale " + targetScale);
        }
    }

    /** 10<sup>scale</sup>, for fixed-point arithmetic at a market's scale. */
    public static long powerOfTen(int scale) {
        if (scale < 0 || scale > MAX_SCALE) {
            throw new DecimalFormatException("scale must be between 0 and " + MAX_SCALE + ", was " + scale);
        }
        return POWERS_OF_TEN[scale];
    }

    /** True when the value is zero, whatever the scale. */
    public boolean isZero() {
        return unscaled == 0;
    }

    /** Numeric comparison, independent of scale: 1.50 equals 1.5 here, though not in {@link #equals}. */
    @Override
    public int compareTo(Decimal other) {
        int common = Math.max(scale, other.scale);
        long a = unscaled;
        long b = other.unscaled;
        try {
            a = Math.multiplyExact(a, POWERS_OF_TEN[common - scale]);
            b = Math.multiplyExact(b, POWERS_OF_TEN[common - other.scale]);
            return Long.compare(a, b);
        } catch (ArithmeticException overflow) {
            return new BigDecimal(BigInteger.valueOf(unscaled), scale)
                    .compareTo(new BigDecimal(BigInteger.valueOf(other.unscaled), other.scale));
        }
    }

    /** The canonical string: exactly {@link #scale()} fraction digits. */
    @Override
    public String toString() {
        return format(unscaled, scale);
    }

    /** Formats a fixed-point value: {@code format(8500010, 2)} is {@code "85000.10"}. */
    public static String format(long unscaled, int scale) {
        char[] buffer = new char[FORMATTED_MAX_LENGTH];
        int length = formatTo(unscaled, scale, buffer);
        return new String(buffer, 0, length);
    }

    /**
     * Writes the canonical string of a fixed-point value into {@code buffer} from index 0 and
     * returns its length. Allocation-free, for encoders on the hot path; {@code buffer} needs
     * at least {@value #FORMATTED_MAX_LENGTH} chars.
     */
    public static int formatTo(long unscaled, int scale, char[] buffer) {
        if (scale < 0 || scale > MAX_SCALE) {
            throw new DecimalFormatException("scale must be between 0 and " + MAX_SCALE + ", was " + scale);
        }
        // Write digits right to left from the magnitude, held as a negative to cover MIN_VALUE.
        long negative = unscaled > 0 ? -unscaled : unscaled;
        int end = FORMATTED_MAX_LENGTH;
        int pos = end;
        int digits = 0;
        do {
            buffer[--pos] = (char) ('0' - (negative % 10));
            negative /= 10;
            digits++;
            if (digits == scale) {
                buffer[--pos] = '.';
            }
        } while (negative != 0 || digits < scale + 1);
        if (unscaled < 0) {
            buffer[--pos] = '-';
        }
        int length = end - pos;
        System.arraycopy(buffer, pos, buffer, 0, length);
        return length;
    }

    /**
     * Writes the canonical string of a fixed-point value into {@code buffer} from {@code offset},
     * as ASCII bytes, and returns the offset after it: the bytes of {@link #format}. Allocation-free,
     * for encoders that write JSON straight into a byte array; {@code buffer} needs at least
     * {@value #FORMATTED_MAX_LENGTH} bytes from {@code offset}.
     */
    public static int formatTo(long unscaled, int scale, byte[] buffer, int offset) {
        if (scale < 0 || scale > MAX_SCALE) {
            throw new DecimalFormatException("scale must be between 0 and " + MAX_SCALE + ", was " + scale);
        }
        // The magnitude as a negative (to cover MIN_VALUE), its digits counted first so that each
        // byte is written once where it belongs, right to left, two digits a division.
        long negative = unscaled > 0 ? -unscaled : unscaled;
        int digits = 1;
        for (long bound = -10; digits < 19 && negative <= bound; bound *= 10) {
            digits++;
        }
        int end = offset + (unscaled < 0 ? 1 : 0) + Math.max(1, digits - scale) + (scale > 0 ? scale + 1 : 0);
        int pos = end;
        int fraction = scale;
        for (; fraction >= 2; fraction -= 2) {
            long quotient = negative / 100;
            int pair = 2 * (int) (quotient * 100 - negative);
            buffer[--pos] = DIGIT_PAIRS[pair + 1];
            buffer[--pos] = DIGIT_PAIRS[pair];
            negative = quotient;
        }
        if (fraction == 1) {
            long quotient = negative / 10;
            buffer[--pos] = (byte) ('0' + (quotient * 10 - negative));
            negative = quotient;
        }
        if (scale > 0) {
            buffer[--pos] = '.';
        }
        while (negative <= -100) {
            long quotient = negative / 100;
            int pair = 2 * (int) (quotient * 100 - negative);
            buffer[--pos] = DIGIT_PAIRS[pair + 1];
            buffer[--pos] = DIGIT_PAIRS[pair];
            negative = quotient;
        }
        int last = (int) -negative;
        if (last >= 10) {
            buffer[--pos] = DIGIT_PAIRS[2 * last + 1];
            buffer[--pos] = DIGIT_PAIRS[2 * last];
        } else {
            buffer[--pos] = (byte) ('0' + last);
        }
        if (unscaled < 0) {
            buffer[--pos] = '-';
        }
        return end;
    }
}
