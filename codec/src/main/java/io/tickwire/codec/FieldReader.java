package io.tickwire.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.decimal.DecimalFormatException;
import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.Topic;
import io.tickwire.protocol.message.TopicFormatException;
import io.tickwire.protocol.message.WireEnum;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Typed access to the fields of one JSON object, failing with a {@link DecodeFailure} that
 * names the field by its dotted path. An explicit JSON {@code null} counts as absent.
 */
final class FieldReader {

    /** Default bound on a string field; anything longer is not a plausible value. */
    static final int MAX_STRING = 256;

    private final JsonNode node;
    private final String path;

    private FieldReader(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static FieldReader of(JsonNode object) {
        return new FieldReader(object, "");
    }

    /** The nested object {@code name}, required. */
    FieldReader object(String name) {
        JsonNode value = required(name);
        if (!value.isObject()) {
            throw DecodeFailure.badField(path(name), "must be a JSON object");
        }
        return new FieldReader(value, path(name) + ".");
    }

    /** The nested object {@code name}, or {@code null}. */
    FieldReader optionalObject(String name) {
        return present(name) ? object(name) : null;
    }

    JsonNode raw(String name) {
        return node.get(name);
    }

    String path(String name) {
        return path + name;
    }

    boolean present(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    private JsonNode required(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw DecodeFailure.badField(path(name), "is required");
        }
        return value;
    }

    String string(String name) {
        return string(name, MAX_STRING);
    }

    String string(String name, int maxLength) {
        return text(required(name), path(name), maxLength);
    }

    String optionalString(String name) {
        return present(name) ? string(name) : null;
    }

    String optionalString(String name, int maxLength) {
        return present(name) ? string(name, maxLength) : null;
    }

    /** An optional RFC 3339 time, e.g. {@code 2026-11-30T09:00:00.123Z}; {@code null} when absent. */
    Instant optionalInstant(String name) {
        String text = optionalString(name, 40);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw DecodeFailure.badField(path(name), "must be an RFC 3339 time in UTC, e.g. 2026-11-30T09:00:00Z");
        }
    }

    private static String text(JsonNode value, String field, int maxLength) {
        if (!value.isTextual()) {
            throw DecodeFailure.badField(field, "must be a string");
        }
        String text = value.textValue();
        if (text.length() > maxLength) {
            throw DecodeFailure.badField(field, "is longer than " + maxLength + " characters");
        }
        return text;
    }

    long nonNegativeLong(String name) {
        return integer(required(name), path(name));
    }

    Long optionalNonNegativeLong(String name) {
        return present(name) ? nonNegativeLong(name) : null;
    }

    private static long integer(JsonNode value, String field) {
        if (!value.isIntegralNumber()) {
            throw DecodeFailure.badField(field, value.isNumber()
                    ? "must be an integer, not a fraction" : "must be an integer");
        }
        if (!value.canConvertToLong()) {
            throw DecodeFailure.badField(field, "is out of range");
        }
        long result = value.longValue();
        if (result < 0) {
            throw DecodeFailure.badField(field, "must be >= 0");
        }
        return result;
    }

    boolean bool(String name) {
        JsonNode value = required(name);
        if (!value.isBoolean()) {
            throw DecodeFailure.badField(path(name), "must be true or false");
        }
        return value.booleanValue();
    }

    Decimal decimal(String name) {
        return decimal(required(name), path(name), false);
    }

    Decimal optionalDecimal(String name) {
        return present(name) ? decimal(name) : null;
    }

    Decimal signedDecimal(String name) {
        return decimal(required(name), path(name), true);
    }

    private static Decimal decimal(JsonNode value, String field, boolean signed) {
        if (!value.isTextual()) {
            throw DecodeFailure.badField(field, value.isNumber()
                    ? "must be a decimal string such as \"85000.00\", not a JSON number"
                    : "must be a decimal string such as \"85000.00\"");
        }
        try {
            return signed ? Decimal.parseSigned(value.textValue()) : Decimal.parse(value.textValue());
        } catch (DecimalFormatException e) {
            throw DecodeFailure.badField(field, e.getMessage());
        }
    }

    <E extends Enum<E> & WireEnum> E enumValue(String name, E[] values) {
        String text = string(name, 32);
        E value = WireEnum.lookup(values, text);
        if (value == null) {
            throw DecodeFailure.badField(path(name), "must be one of " + allowed(values));
        }
        return value;
    }

    <E extends Enum<E> & WireEnum> E optionalEnum(String name, E[] values) {
        return present(name) ? enumValue(name, values) : null;
    }

    private static <E extends Enum<E> & WireEnum> String allowed(E[] values) {
        StringBuilder sb = new StringBuilder();
        for (E value : values) {
            sb.append(sb.isEmpty() ? "" : ", ").append('"').append(value.wire()).append('"');
        }
        return sb.toString();
    }

    Topic topic(String name) {
        String text = string(name, Topic.MAX_LENGTH);
        try {
            return Topic.parse(text);
        } catch (TopicFormatException e) {
            throw new DecodeFailure(e.unknownKind() ? ErrorCode.UNKNOWN_TOPIC : ErrorCode.BAD_REQUEST,
                    path(name), e.getMessage());
        }
    }

    String market(String name) {
        String text = string(name, 33);
        if (!Topic.isMarket(text)) {
            throw DecodeFailure.badField(path(name), "must be a market such as \"BTC-USDT\"");
        }
        return text;
    }

    Cursor optionalCursor(String name) {
        FieldReader since = optionalObject(name);
        if (since == null) {
            return null;
        }
        String epoch = since.string("epoch", Cursor.MAX_EPOCH_LENGTH);
        if (epoch.isEmpty()) {
            throw DecodeFailure.badField(since.path("epoch"), "must not be empty");
        }
        return new Cursor(epoch, since.nonNegativeLong("seq"));
    }

    /** The field {@code name}, required, to be read as an array's element is (a tuple, say). */
    Element element(String name) {
        return new Element(required(name), path(name));
    }

    /** The array {@code name}, each element read by {@code element} with its own dotted path. */
    <T> List<T> array(String name, int maxSize, Function<Element, T> element) {
        JsonNode value = required(name);
        if (!value.isArray()) {
            throw DecodeFailure.badField(path(name), "must be an array");
        }
        if (value.size() > maxSize) {
            throw DecodeFailure.badField(path(name), "has more than " + maxSize + " elements");
        }
        List<T> result = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            result.add(element.apply(new Element(value.get(i), path(name) + "[" + i + "]")));
        }
        return result;
    }

    /** One element of an array: an object, or a tuple such as {@code ["84999.50","0.250"]}. */
    record Element(JsonNode node, String path) {

        FieldReader object() {
            if (!node.isObject()) {
                throw DecodeFailure.badField(path, "must be a JSON object");
            }
            return new FieldReader(node, path + ".");
        }

        JsonNode tuple(int size) {
            if (!node.isArray() || node.size() != size) {
                throw DecodeFailure.badField(path, "must be an array of " + size + " strings");
            }
            return node;
        }

        Decimal decimalAt(int index) {
            return decimal(tuple(node.size()).get(index), path + "[" + index + "]", false);
        }

        String stringAt(int index) {
            return text(node.get(index), path + "[" + index + "]", 32);
        }
    }
}
