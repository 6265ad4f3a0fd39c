package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java snippet in docs/sdk.md compiles against the SDK as it is, so the page cannot drift
 * from the code. The page is read as a user reads it, top to bottom: a snippet may use the
 * imports of the snippets above it, and the variables {@code client} (a {@link TickwireClient})
 * and {@code token} (a {@code String}) that the first snippet sets up. Nothing else is assumed.
 */
class DocSnippetsTest {

    @TempDir
    Path out;

    /** One fenced {@code java} block: where it starts in the page, its imports, the rest. */
    private record Snippet(int line, List<String> imports, String body) {
    }

    static List<Snippet> snippets(Path page) throws IOException {
        List<Snippet> snippets = new ArrayList<>();
        List<String> lines = Files.readAllLines(page);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            int start = i + 1;
            List<String> imports = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                String line = lines.get(i);
                if (line.startsWith("import ")) {
                    imports.add(line.strip());
                } else {
                    body.append(line).append('\n');
                }
            }
            snippets.add(new Snippet(start + 1, imports, body.toString()));
        }
        return snippets;
    }

    @Test
    void everyJavaSnippetInTheSdkPageCompiles() throws Exception {
        List<Snippet> snippets = snippets(Path.of("..", "docs", "sdk.md"));
        assertThat(snippets).as("snippets in docs/sdk.md").hasSizeGreaterThan(5);
        Set<String> imports = new LinkedHashSet<>();
        List<JavaFileObject> sources = new ArrayList<>();
        for (int n = 0; n < snippets.size(); n++) {
            Snippet snippet = snippets.get(n);
            imports.addAll(snippet.imports());
            String name = "SdkSnippetAtLine" + snippet.line();
            String source = String.join("\n", imports) + "\n\n"
                    + "class " + name + " {\n"
                    + "    " + TickwireClient.class.getName() + " client;\n"
                    + "    String token;\n"
                    + "    void run() throws Exception {\n" + snippet.body() + "    }\n"
                    + "}\n";
            sources.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            });
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean compiled = javac.getTask(errors, null, null, List.of("-d", out.toString(), "-proc:none",
                "-classpath", System.getProperty("java.class.path")), null, sources).call();
        assertThat(compiled).as("docs/sdk.md snippets (named by the line they start at):\n" + errors).isTrue();
    }

    /**
     * The page tells users to run {@code ./tickwire}, which finds a JDK 21+; a bare java -jar fails on an older
     * default.
     */
    @Test
    void theSdkPageRunsTheCommandLineThroughTheScript() throws Exception {
        assertThat(Files.readString(Path.of("..", "docs", "sdk.md"))).doesNotContain("java -jar cli/target");
    }
}
