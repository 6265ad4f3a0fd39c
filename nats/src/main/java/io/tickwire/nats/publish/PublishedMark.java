package io.tickwire.nats.publish;

import io.tickwire.journal.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The last batch JetStream acknowledged, kept in the data directory ({@code nats/STREAM.published},
 * one line {@code EPOCH BATCH}) so that a core restarted while NATS is down knows where to catch
 * the stream up from. A hint, not the truth: the stream's own last message wins when NATS can be
 * asked, and JetStream's deduplication drops what a stale mark makes the core publish twice.
 */
final class PublishedMark {
    private final Path file;
    private long written = -1;

    PublishedMark(Path file) {
        this.file = file;
    }

    /** The batch last acknowledged in {@code epoch}, or 0 when none was (or it was another epoch's). */
    long read(String epoch) {
        try {
            String[] line = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
            if (line.length == 2 && line[0].equals(epoch)) {
                written = Long.parseLong(line[1]);
                return written;
            }
        } catch (NoSuchFileException absent) {
            return 0;
        } catch (IOException | NumberFormatException unreadable) {
            return 0; // a damaged hint: catch up from the stream's own last message, or from the start
        }
        return 0;
    }

    /** Records {@code batch} when it moved; a crash mid-write leaves the previous mark (write, then rename). */
    void write(String epoch, long batch) throws IOException {
        if (batch == written) {
            return;
        }
        Files.createDirectories(file.getParent());
        AtomicFiles.replace(file, (epoch + " " + batch + "\n").getBytes(StandardCharsets.UTF_8));
        written = batch;
    }
}
