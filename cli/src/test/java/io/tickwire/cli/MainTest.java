package io.tickwire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("serve");
    }

    @Test
    void noCommandPrintsUsageAndExitsWithTheUsageCode() {
        assertThat(run()).isEqualTo(Main.EXIT_USAGE);
        assertThat(out.toString()).contains("Usage: tickwire");
    }

    @Test
    void anUnknownOptionIsAOneLineErrorNotAStackTrace() {
        assertThat(run("serve", "--no-such-option")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'").doesNotContain("Exception");
    }

    @Test
    void aBadPortIsAOneLineError() {
        assertThat(run("serve", "--port", "eighty")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--port").doesNotContain("at io.tickwire");
    }

    @Test
    void serveSaysPlainlyWhatThisBuildCanDo() {
        assertThat(run("serve", "--demo")).isZero();
        assertThat(out.toString()).contains("the server is not built yet");
    }
}
