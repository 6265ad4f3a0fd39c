package io.tickwire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tickwire bench}: its usage, its errors, and one tiny run through the command line. */
class BenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void withoutAScenarioItListsThem() {
        assertThat(run("bench")).isEqualTo(Main.EXIT_USAGE);
        assertThat(out.toString()).contains("fanout", "orders", "idle", "resume");
    }

    @Test
    void badParametersAreOneLineErrors() {
        assertThat(run("bench", "resume", "--clients", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("tickwire: clients, missed events and client threads must be positive")
                .doesNotContain("at io.tickwire");
    }

    @Test
    void tooManyConnectionsForThisMachineIsSaidPlainly() {
        assertThat(run("bench", "idle", "--connections", "100000000")).isEqualTo(1);
        assertThat(err.toString()).contains("need more open files than this machine allows");
    }

    @Test
    void aTinyResumeRunPrintsAndWritesItsTable(@TempDir Path dir) throws Exception {
        assertThat(run("bench", "resume", "--clients", "3", "--missed", "20", "--client-threads", "1",
                "--server-jvm", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1", "--out", dir.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("| tickwire | 3 | 20 |").contains("0 events skipped (holes), 0 clients"
                + " sent a gap or snapshot");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("resume-")
                    && n.endsWith(".json"));
        }
    }
}
