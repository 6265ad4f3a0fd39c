package io.tickwire.codec;

import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.WireEnum;
import java.nio.charset.StandardCharsets;

/**
 * {@link MirrorDecoder}'s scanner: one pass over the bytes of one JSON object as the codec writes
 * it (no blanks, strings without escapes, canonical decimals and integers), keeping the range of
 * the last string or field name read. Whatever it does not expect throws {@link #NOT_PLAIN}, and
 * the payload goes to the streaming parser instead. One per payload read.
 */
final class JsonCursor {
    /** Thrown often enough to be made once: no stack trace, no message. */
    static final RuntimeException NOT_PLAIN = new RuntimeException(null, null, false, false) {
        private static final long serialVersionUID = 1L;
    };

    private final byte[] b;
    private int pos;
    private int start;
    private int length;

    JsonCursor(byte[] b) {
        this.b = b;
    }

    void expect(char ch) {
        if (pos >= b.length || b[pos] != ch) {
            throw NOT_PLAIN;
        }
        pos++;
    }

    /** Consumes {@code ch} if it comes next. */
    boolean skipIf(char ch) {
        if (pos < b.length && b[pos] == ch) {
            pos++;
            return true;
        }
        return false;
    }

    /** After an array's element: true when another follows, false at the array's end. */
    boolean nextElement() {
        if (skipIf(',')) {
            return true;
        }
        expect(']');
        return false;
    }

    /** The next field's name (then its value is next); false at the object's end. */
    boolean nextField() {
        if (skipIf('}')) {
            return false;
        }
        if (b[pos - 1] != '{') {
            expect(',');
        }
        string();
        expect(':');
        return true;
    }

    /** Nothing after the object. */
    void end() {
        if (pos != b.length) {
            throw NOT_PLAIN;
        }
    }

    /** Whether the last name or string read is {@code bytes}. */
    boolean is(byte[] bytes) {
        if (bytes.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (b[start + i] != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    /** A string without escapes; its range is kept. */
    JsonCursor string() {
        expect('"');
        int from = pos;
        while (pos < b.length && b[pos] != '"') {
            if (b[pos] == '\\' || (b[pos] >= 0 && b[pos] < 0x20)) {
                throw NOT_PLAIN;
            }
            pos++;
        }
        expect('"');
        start = from;
        length = pos - 1 - from;
        return this;
    }

    String text() {
        return new String(b, start, length, StandardCharsets.UTF_8);
    }

    /** The constant the string names, as the codec writes it (its name or its wire form). */
    <E extends Enum<E> & WireEnum> E constant(E[] values) {
        for (E value : values) {
            if (matches(value.name()) || matches(value.wire())) {
                return value;
            }
        }
        throw NOT_PLAIN;
    }

    private boolean matches(String text) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (b[start + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    boolean isNull() {
        if (pos + 4 <= b.length && b[pos] == 'n' && b[pos + 1] == 'u' && b[pos + 2] == 'l' && b[pos + 3] == 'l') {
            pos += 4;
            return true;
        }
        return false;
    }

    boolean bool() {
        if (pos + 4 <= b.length && b[pos] == 't' && b[pos + 1] == 'r' && b[pos + 2] == 'u' && b[pos + 3] == 'e') {
            pos += 4;
            return true;
        }
        if (pos + 5 <= b.length && b[pos] == 'f' && b[pos + 1] == 'a' && b[pos + 2] == 'l' && b[pos + 3] == 's'
                && b[pos + 4] == 'e') {
            pos += 5;
            return false;
        }
        throw NOT_PLAIN;
    }

    /** An integer without sign, fraction or exponent, as the codec writes counts, ids and times. */
    long longValue() {
        int from = pos;
        long value = 0;
        while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
            value = Math.addExact(Math.multiplyExact(value, 10), b[pos] - '0');
            pos++;
        }
        if (pos == from || (b[from] == '0' && pos - from > 1)) {
            throw NOT_PLAIN;
        }
        return value;
    }

    /** A canonical decimal string, as {@link Decimal#toString} writes it. */
    Decimal decimal() {
        expect('"');
        boolean negative = skipIf('-');
        int from = pos;
        long unscaled = 0;
        int scale = -1;
        while (pos < b.length && b[pos] != '"') {
            byte d = b[pos];
            if (d == '.' && scale < 0 && pos > from) {
                scale = 0;
            } else if (d >= '0' && d <= '9') {
                unscaled = Math.addExact(Math.multiplyExact(unscaled, 10), d - '0');
                if (scale >= 0) {
                    scale++;
                }
            } else {
                throw NOT_PLAIN;
            }
            pos++;
        }
        int integerDigits = (scale < 0 ? pos : pos - scale - 1) - from;
        if (integerDigits < 1 || scale == 0 || scale > Decimal.MAX_SCALE
                || (integerDigits > 1 && b[from] == '0')) {
            throw NOT_PLAIN;
        }
        expect('"');
        return Decimal.of(negative ? -unscaled : unscaled, Math.max(scale, 0));
    }
}
