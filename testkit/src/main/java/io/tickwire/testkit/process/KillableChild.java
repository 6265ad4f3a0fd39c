package io.tickwire.testkit.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child JVM for crash tests: runs {@code main} on this test's class path, follows the
 * {@code released N} lines it prints, and is killed with SIGKILL ({@link #kill()}), returning
 * the last batch it saw released.
 */
public final class KillableChild implements AutoCloseable {
    private final Process process;
    private final Thread reader;
    private final AtomicLong released = new AtomicLong();
    private final CountDownLatch firstRelease = new CountDownLatch(1);
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private KillableChild(Process process) {
        this.process = process;
        this.reader = new Thread(this::follow, "child-output");
        this.reader.start();
    }

    public static KillableChild start(Class<?> main, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String[] command = new String[4 + args.length + 1];
        command[0] = java;
        command[1] = "-Xmx256m";
        command[2] = "-cp";
        command[3] = System.getProperty("java.class.path");
        command[4] = main.getName();
        System.arraycopy(args, 0, command, 5, args.length);
        return new KillableChild(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    private void follow() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                this.lines.add(line);
                if (line.startsWith("released ")) {
                    released.set(Long.parseLong(line.substring(9)));
                    firstRelease.countDown();
                }
            }
        } catch (Exception ignored) {
            // the pipe breaks when the child dies
        }
    }

    /** The rest of the first line the child prints starting with {@code prefix}, within {@code timeout}. */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(50, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        throw new AssertionError("the child printed no line starting with '" + prefix + "'");
    }

    /** Whether the child released a first batch within {@code timeout}. */
    public boolean awaitFirstRelease(Duration timeout) throws InterruptedException {
        return firstRelease.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Kills the child if it still runs: a failing test must not leave a JVM behind. */
    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** SIGKILL; returns the last batch the child reported released. */
    public long kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("child did not die");
        }
        reader.join(5_000);
        return released.get();
    }
}
