package io.tickwire.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.decimal.DecimalFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, strict access to one YAML mapping, naming keys by their dotted path in errors: an unknown
 * key, a wrong type or a value out of range is a {@link ConfigException} that says which and why.
 * Every Tickwire configuration file is read through it.
 */
public final class ConfigReader {
    private static final Pattern BYTES = Pattern.compile("([0-9]{1,9})(B|KiB|MiB|GiB|TiB)?");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

    private final JsonNode node;
    private final String path;

    /**
     * The mapping {@code node} ({@code null}: absent, every key takes its default) at {@code path},
     * e.g. {@code "limits."}.
     */
    public ConfigReader(JsonNode node, String path) throws ConfigException {
        if (node != null && !node.isObject()) {
            throw new ConfigException((path.isEmpty() ? "the configuration" : path.substring(0, path.length() - 1))
                    + ": must be a mapping of keys to values");
        }
        this.node = node;
        this.path = path;
    }

    /**
     * The YAML document in {@code file}, or {@code null} when it is empty.
     *
     * @throws ConfigException naming the file and, in one line, what is wrong with it
     */
    public static JsonNode readFile(Path file) throws ConfigException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            String message = e.getMessage();
            int newline = message == null ? -1 : message.indexOf('\n');
            throw new ConfigException(file + ": " + (message == null ? "cannot be read"
                    : newline < 0 ? message : message.substring(0, newline)));
        }
        return root == null || root.isMissingNode() || root.isNull() ? null : root;
    }

    public void allow(String... keys) throws ConfigException {
        if (node == null) {
            return;
        }
        Set<String> allowed = Set.of(keys);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new ConfigException(path + key + ": unknown key (known: " + String.join(", ", keys) + ")");
            }
        }
    }

    public boolean has(String key) {
        return node != null && node.has(key) && !node.get(key).isNull();
    }

    private JsonNode get(String key) {
        return has(key) ? node.get(key) : null;
    }

    public String required(String key) throws ConfigException {
        JsonNode value = get(key);
        if (value == null || !value.isValueNode()) {
            throw new ConfigException(path + key + ": is required");
        }
        return value.asText();
    }

    public String string(String key, String fallback) throws ConfigException {
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isValueNode()) {
            throw new ConfigException(path + key + ": must be a single value");
        }
        return value.asText();
    }

    public long longValue(String key, long fallback, long min, long max) throws ConfigException {
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new ConfigException(path + key + ": must be a whole number, was " + value);
        }
        long v = value.longValue();
        if (v < min || v > max) {
            throw new ConfigException(path + key + ": must be between " + min + " and " + max + ", was " + v);
        }
        return v;
    }

    public int integer(String key, int fallback, int min, int max) throws ConfigException {
        return (int) longValue(key, fallback, min, max);
    }

    public Duration duration(String key, Duration fallback) throws ConfigException {
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(value.asText().trim());
        if (!value.isValueNode() || !m.matches()) {
            throw new ConfigException(path + key + ": must be a duration such as 500ms, 20s, 5m, 1h or 7d, was "
                    + value);
        }
        long n = Long.parseLong(m.group(1));
        if (n == 0) {
            throw new ConfigException(path + key + ": must be longer than zero");
        }
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    public long feePpm(String key, String fallback) throws ConfigException {
        String text = string(key, fallback);
        try {
            return Decimal.parse(text).unscaledAt(6);
        } catch (DecimalFormatException e) {
            throw new ConfigException(path + key + ": a fee rate such as \"0.001\" (0.1 %): " + e.getMessage());
        }
    }

    public ConfigReader object(String key) throws ConfigException {
        return new ConfigReader(get(key), path + key + ".");
    }

    public JsonNode array(String key) throws ConfigException {
        JsonNode value = get(key);
        if (value == null || !value.isArray()) {
            throw new ConfigException(path + key + ": must be a list");
        }
        return value;
    }

    /** Whether the mapping is there at all. */
    public boolean present() {
        return node != null;
    }

    /** The dotted path of {@code key} in this mapping, for an error message. */
    public String path(String key) {
        return path + key;
    }

    /** A list of strings (a single string is a list of one); {@code fallback} when absent. */
    public List<String> strings(String key, List<String> fallback) throws ConfigException {
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value.isArray() ? value : List.of(value)) {
            if (!item.isTextual()) {
                throw new ConfigException(path + key + ": must be a string or a list of strings, was " + value);
            }
            out.add(item.asText());
        }
        return out;
    }

    /** The raw value of {@code key}, {@code null} when absent. */
    public JsonNode value(String key) {
        return get(key);
    }

    /** A size in bytes: a whole number, or one with a unit such as {@code 512KiB}, {@code 64MiB}, {@code 10GiB}. */
    public long bytes(String key, long fallback, long min, long max) throws ConfigException {
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        if (value.isIntegralNumber()) {
            return longValue(key, fallback, min, max);
        }
        Matcher m = BYTES.matcher(value.asText().trim());
        if (!value.isValueNode() || !m.matches()) {
            throw new ConfigException(path + key + ": must be a size such as 65536, 512KiB, 64MiB or 10GiB, was "
                    + value);
        }
        long unit = switch (m.group(2)) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            case "TiB" -> 1L << 40;
            default -> 1;
        };
        long v = Long.parseLong(m.group(1)) * unit;
        if (v < min || v > max) {
            throw new ConfigException(path + key + ": must be between " + min + " and " + max + " bytes, was " + v);
        }
        return v;
    }
}
