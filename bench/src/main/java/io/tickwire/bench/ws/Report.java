package io.tickwire.bench.ws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One scenario's results: a table (a row per target or per step, the same columns in each) and
 * lines under it (ratios to the ceiling, goals met or missed). Printed as Markdown and written to
 * a results directory as JSON and Markdown.
 */
public final class Report {
    private final String scenario;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public Report(String scenario) {
        this.scenario = scenario;
    }

    public String scenario() {
        return scenario;
    }

    /** Adds a row; values are numbers or strings, in column order. */
    public Report row(Map<String, Object> row) {
        rows.add(new LinkedHashMap<>(row));
        return this;
    }

    public Report note(String line) {
        notes.add(line);
        return this;
    }

    public List<Map<String, Object>> rows() {
        return List.copyOf(rows);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** The value of {@code column} in the row whose {@code target} is {@code target}. */
    public double value(String target, String column) {
        for (Map<String, Object> row : rows) {
            if (target.equals(row.get("target")) && row.get(column) instanceof Number n) {
                return n.doubleValue();
            }
        }
        throw new IllegalArgumentException("no " + column + " for " + target + " in " + scenario);
    }

    /** The table and notes in Markdown. */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        if (!rows.isEmpty()) {
            List<String> columns = new ArrayList<>(rows.get(0).keySet());
            out.append('|');
            columns.forEach(c -> out.append(' ').append(c).append(" |"));
            out.append("\n|");
            columns.forEach(c -> out.append("---|"));
            out.append('\n');
            for (Map<String, Object> row : rows) {
                out.append('|');
                columns.forEach(c -> out.append(' ').append(format(row.get(c))).append(" |"));
                out.append('\n');
            }
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append(n).append('\n'));
        }
        return out.toString();
    }

    private static String format(Object value) {
        if (value instanceof Double d) {
            double a = Math.abs(d);
            return a >= 1000 ? String.format(Locale.ROOT, "%,.0f", d)
                    : a >= 10 ? String.format(Locale.ROOT, "%.1f", d) : String.format(Locale.ROOT, "%.2f", d);
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        return String.valueOf(value);
    }

    /** The rows and notes as JSON (flat values: no library needed). */
    public String json() {
        StringBuilder out = new StringBuilder("{\"scenario\":").append(quote(scenario)).append(",\"rows\":[");
        for (int i = 0; i < rows.size(); i++) {
            out.append(i == 0 ? "\n  {" : ",\n  {");
            int k = 0;
            for (Map.Entry<String, Object> e : rows.get(i).entrySet()) {
                out.append(k++ == 0 ? "" : ",").append(quote(e.getKey())).append(':');
                Object v = e.getValue();
                if (v instanceof Double d) {
                    out.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "null");
                } else if (v instanceof Number n) {
                    out.append(n);
                } else {
                    out.append(quote(String.valueOf(v)));
                }
            }
            out.append('}');
        }
        out.append("\n],\"notes\":[");
        for (int i = 0; i < notes.size(); i++) {
            out.append(i == 0 ? "" : ",").append(quote(notes.get(i)));
        }
        return out.append("]}\n").toString();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Writes {@code <scenario>-<time>.json} and {@code .md} into {@code dir}; returns the Markdown file. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        String stamp = LocalDateTime.now().withNano(0).toString().replace(':', '-');
        Files.writeString(dir.resolve(scenario + "-" + stamp + ".json"), json());
        Path md = dir.resolve(scenario + "-" + stamp + ".md");
        Files.writeString(md, "# " + scenario + " " + stamp + "\n\n" + markdown());
        return md;
    }
}
