package io.tickwire.bench.ws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux says a process uses, read from {@code /proc/<pid>}: resident memory and CPU time.
 * CPU time comes in clock ticks of 1/100 s ({@code USER_HZ}, 100 on every Linux architecture
 * the JDK runs on), so short windows carry ±10 ms of error.
 */
public record ProcStats(long rssBytes, long cpuNanos) {
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** A reading of process {@code pid}. */
    public static ProcStats of(long pid) {
        try {
            return new ProcStats(rss(pid), cpu(pid));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + " (Linux only): " + e.getMessage(), e);
        }
    }

    private static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
            }
        }
        throw new IOException("no VmRSS line");
    }

    private static long cpu(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // The command name, field 2, may hold spaces: count fields from the ')' that closes it.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]); // field 14 of the whole line
        long stime = Long.parseLong(fields[12]); // field 15
        return (utime + stime) * NANOS_PER_TICK;
    }

    /** The CPU used between {@code earlier} and this reading, as a share of one core over {@code nanos}. */
    public double cpuShareSince(ProcStats earlier, long nanos) {
        return nanos <= 0 ? 0 : (double) (cpuNanos - earlier.cpuNanos) / nanos;
    }

    /** The file-descriptor limit of this process, from {@code /proc/self/limits}; -1 if unknown. */
    public static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] parts = line.substring("Max open files".length()).strip().split("\\s+");
                    return parts[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(parts[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
