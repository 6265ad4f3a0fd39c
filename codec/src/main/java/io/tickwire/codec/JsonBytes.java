package io.tickwire.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.tickwire.protocol.decimal.Decimal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON written straight into one reused byte array, for an encoder that knows its layout and
 * runs for every event: field names prepared once ({@link #name}), decimals from fixed-point
 * longs, numbers and strings written without an object or a string in between. The bytes are
 * those Jackson's generator writes for the same values (compact, with commas where they belong);
 * a string that needs escaping is written by a generator, so that its escapes are Jackson's too.
 * Not thread-safe: one per thread.
 */
public final class JsonBytes {
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    /** The longest number or decimal, quotes and comma included. */
    private static final int MAX_SCALAR = Decimal.FORMATTED_MAX_LENGTH + 3;

    private final JsonGenerator escaper;
    private final ByteArrayBuilder escaped = new ByteArrayBuilder(64);
    private byte[] bytes = new byte[512];
    private int length;
    /** A value ends at {@link #length}: the next value or field at this level needs a comma first. */
    private boolean afterValue;

    /** With {@code codec}'s generator for the strings that need escaping. */
    public JsonBytes(JsonCodec codec) {
        try {
            this.escaper = codec.factory().createGenerator(escaped);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        escaper.setRootValueSeparator(null);
    }

    /**
     * A field name as {@link #field} writes it: {@code "name":}.
     *
     * @throws IllegalArgumentException if the name would need escaping
     */
    public static byte[] name(String name) {
        if (!plain(name)) {
            throw new IllegalArgumentException("not a plain field name: " + name);
        }
        return ("\"" + name + "\":").getBytes(StandardCharsets.US_ASCII);
    }

    /** Empties the buffer for the next document. */
    public JsonBytes reset() {
        length = 0;
        afterValue = false;
        return this;
    }

    /** The buffer: the document is its first {@link #length()} bytes, until the next write. */
    public byte[] array() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** A copy of what is written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    public JsonBytes startObject() {
        return open('{');
    }

    public JsonBytes endObject() {
        return close('}');
    }

    public JsonBytes startArray() {
        return open('[');
    }

    public JsonBytes endArray() {
        return close(']');
    }

    /** A field's name, made by {@link #name}; its value follows. */
    public JsonBytes field(byte[] name) {
        ensure(name.length + 1);
        if (afterValue) {
            bytes[length++] = ',';
        }
        System.arraycopy(name, 0, bytes, length, name.length);
        length += name.length;
        afterValue = false;
        return this;
    }

    public JsonBytes number(long value) {
        ensure(MAX_SCALAR);
        comma();
        length = Decimal.formatTo(value, 0, bytes, length);
        afterValue = true;
        return this;
    }

    /** A decimal string: {@code "85000.10"} for {@code (8500010, 2)}, as {@link Decimal#toString} writes it. */
    public JsonBytes decimal(long unscaled, int scale) {
        ensure(MAX_SCALAR);
        comma();
        bytes[length++] = '"';
        length = Decimal.formatTo(unscaled, scale, bytes, length);
        bytes[length++] = '"';
        afterValue = true;
        return this;
    }

    public JsonBytes bool(boolean value) {
        return literal(value ? TRUE : FALSE);
    }

    public JsonBytes nullValue() {
        return literal(NULL);
    }

    /**
     * The bytes {@link #string} writes for {@code value}, quotes and escapes included, to write
     * again with {@link #value}: for the strings an encoder writes over and over (names of
     * markets, assets and enum constants). Leaves nothing written.
     */
    public byte[] prepare(String value) {
        int mark = length;
        boolean wasAfterValue = afterValue;
        afterValue = false;
        string(value);
        byte[] prepared = Arrays.copyOfRange(bytes, mark, length);
        length = mark;
        afterValue = wasAfterValue;
        return prepared;
    }

    /** A value made by {@link #prepare}. */
    public JsonBytes value(byte[] prepared) {
        ensure(prepared.length + 1);
        comma();
        System.arraycopy(prepared, 0, bytes, length, prepared.length);
        length += prepared.length;
        afterValue = true;
        return this;
    }

    /** A string, or {@code null}. */
    public JsonBytes string(String value) {
        if (value == null) {
            return nullValue();
        }
        if (!plain(value)) {
            return escapedString(value);
        }
        int n = value.length();
        ensure(n + 3);
        comma();
        bytes[length++] = '"';
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) value.charAt(i);
        }
        bytes[length++] = '"';
        afterValue = true;
        return this;
    }

    private JsonBytes escapedString(String value) {
        try {
            escaper.writeString(value);
            escaper.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] written = escaped.toByteArray();
        escaped.reset();
        ensure(written.length + 1);
        comma();
        System.arraycopy(written, 0, bytes, length, written.length);
        length += written.length;
        afterValue = true;
        return this;
    }

    private JsonBytes literal(byte[] literal) {
        ensure(literal.length + 1);
        comma();
        System.arraycopy(literal, 0, bytes, length, literal.length);
        length += literal.length;
        afterValue = true;
        return this;
    }

    private JsonBytes open(char bracket) {
        ensure(2);
        comma();
        bytes[length++] = (byte) bracket;
        afterValue = false;
        return this;
    }

    private JsonBytes close(char bracket) {
        ensure(1);
        bytes[length++] = (byte) bracket;
        afterValue = true;
        return this;
    }

    private void comma() {
        if (afterValue) {
            bytes[length++] = ',';
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    /** Printable ASCII that JSON writes as it is: no quote, backslash, control or non-ASCII character. */
    static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
