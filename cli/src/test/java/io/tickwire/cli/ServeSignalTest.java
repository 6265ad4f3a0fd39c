package io.tickwire.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tickwire serve} in a process of its own, stopped with SIGTERM as a supervisor stops it:
 * it exits 0 after its final snapshot and journal force, and logs the start and the end of the
 * shutdown, the second with the snapshot's batch.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeSignalTest {

    @TempDir
    Path dir;

    @Test
    void sigtermShutsDownCleanlyAndExitsZero() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        // The product jar logs with logback; on the test class path slf4j-nop is there too, so say which.
        Process serve = new ProcessBuilder(java, "-Xmx256m",
                "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider",
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--port", "0", "--data", dir.toString(), "--demo")
                .redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch listening = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().name("serve-output").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(serve.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    if (line.contains("user 1002 token")) {
                        listening.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        try {
            assertThat(listening.await(60, TimeUnit.SECONDS)).as("started: " + lines).isTrue();
            // SIGTERM. (Process.destroy() would also close our end of its output, losing the last lines.)
            serve.toHandle().destroy();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
            reader.join(10_000);
            assertThat(serve.exitValue()).as(String.join("\n", lines)).isZero();
            assertThat(lines).anyMatch(l -> l.contains("shutting down"));
            assertThat(lines).anyMatch(l -> l.matches(".*shut down: snapshot at batch [1-9][0-9]*, journal forced at "
                    + "batch [1-9][0-9]*.*"));
        } finally {
            serve.destroyForcibly();
        }
    }
}
