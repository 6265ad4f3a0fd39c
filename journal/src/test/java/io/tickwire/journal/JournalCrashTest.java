package io.tickwire.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety with a real {@code kill -9}: a child JVM appends under load and is killed at a
 * random moment, 24 times. After each kill the log is recovered in this JVM: every batch the
 * child saw released is there, nothing torn is read, every stream's seqs are dense and hold
 * exactly the generated content; then the next child continues the same log.
 *
 * <p>A killed process leaves what it wrote in the page cache, so this proves the recovery of
 * torn and interrupted writes, not durability against power loss (that rests on {@code force}).
 */
class JournalCrashTest {

    static final int KILLS = 24;

    @TempDir
    Path dir;

    @Test
    void killedAtRandomMomentsTheLogRecoversEveryReleasedBatch() throws Exception {
        Random random = new Random(2026);
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("java.class.path");
        long previousLast = 0;
        int cutsObserved = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, JournalCrashChild.class.getName(),
                    dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            AtomicLong released = new AtomicLong();
            CountDownLatch firstRelease = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("released ")) {
                            released.set(Long.parseLong(line.substring(9)));
                            firstRelease.countDown();
                        }
                    }
                } catch (Exception ignored) {
                    // the pipe breaks when the child dies
                }
            });
            reader.start();
            assertThat(firstRelease.await(30, TimeUnit.SECONDS)).as("child released a batch").isTrue();
            Thread.sleep(random.nextInt(250));
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join(5_000);
            long seenReleased = released.get();

            try (Journal journal = Journal.open(JournalTestSupport.config(dir), b -> { })) {
                long last = journal.lastBatch();
                assertThat(last).as("kill " + kill + ": every released batch survived").isGreaterThanOrEqualTo(seenReleased);
                assertThat(last).isGreaterThan(previousLast);
                JournalTestSupport.assertContent(journal, previousLast, last);
                if (last > seenReleased) {
                    cutsObserved++;
                }
                previousLast = last;
            }
        }
        assertThat(previousLast).isGreaterThan(KILLS);
        try (Journal journal = Journal.open(JournalTestSupport.config(dir), b -> { })) {
            JournalTestSupport.assertContent(journal, previousLast);
        }
        // Not asserted (timing-dependent), but reported: how often the kill landed after a write
        // that was not yet released.
        System.out.println("crash test: " + KILLS + " kills, " + previousLast + " batches, " + cutsObserved
                + " recoveries found batches written but not yet released");
    }
}
