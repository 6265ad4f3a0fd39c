package io.tickwire.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Markdown docs (README and docs/) say what is there: no placeholder text, and every file of
 * this repository they name in code spans exists. Checkstyle does the same for the Java sources.
 */
class DocsHygieneTest {
    private static final Path ROOT = Path.of("..");
    /** Spelled in pieces, or Checkstyle's own placeholder rule would find it here. */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "Fill" + "ed by the .*issue|\\b" + "TO" + "DO\\b|\\b" + "FIX" + "ME\\b|\\bTBD\\b");
    /** A repository path in a code span: `scripts/x`, `docs/y.md`, `examples/z/`, `config/c.xml`. */
    private static final Pattern REPO_PATH = Pattern.compile("`((?:scripts|docs|examples|config)/[A-Za-z0-9_./-]*)`");

    @Test
    void noDocumentHoldsPlaceholderText() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path doc : documents()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                if (PLACEHOLDER.matcher(lines.get(i)).find()) {
                    found.add(ROOT.relativize(doc) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void everyRepositoryPathADocumentNamesExists() throws IOException {
        List<String> missing = new ArrayList<>();
        int named = 0;
        for (Path doc : documents()) {
            Matcher m = REPO_PATH.matcher(Files.readString(doc));
            while (m.find()) {
                named++;
                if (!Files.exists(ROOT.resolve(m.group(1)))) {
                    missing.add(ROOT.relativize(doc) + " names " + m.group(1));
                }
            }
        }
        assertThat(named).as("paths named in the docs").isGreaterThan(5);
        assertThat(missing).isEmpty();
    }

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }
}
