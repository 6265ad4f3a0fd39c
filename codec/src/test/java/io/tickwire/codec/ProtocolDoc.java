package io.tickwire.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code docs/protocol.md} and its ```json examples from the repository root. */
public final class ProtocolDoc {

    private ProtocolDoc() {
    }

    /** The repository's {@code docs} folder, found by walking up from the working directory. */
    public static Path docsDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/protocol.md"))) {
                return dir.resolve("docs");
            }
        }
        throw new IllegalStateException("docs/protocol.md not found above " + Path.of("").toAbsolutePath());
    }

    /** One ```json block: its text and the line it starts on. */
    public record Example(String json, int line) {
    }

    /** Every block fenced as ```json, in document order. */
    public static List<Example> jsonExamples() {
        List<String> lines;
        try {
            lines = Files.readAllLines(docsDir().resolve("protocol.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Example> examples = new ArrayList<>();
        StringBuilder block = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (block == null && line.strip().equals("```json")) {
                block = new StringBuilder();
                start = i + 2;
            } else if (block != null && line.strip().equals("```")) {
                examples.add(new Example(block.toString().strip(), start));
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return examples;
    }
}
