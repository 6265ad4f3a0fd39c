package io.tickwire.journal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The process that {@link JournalCrashTest} kills: appends deterministic batches as fast as
 * the journal takes them, continuing after whatever the log already holds, and prints
 * {@code released N} once batch N is durable.
 */
public final class JournalCrashChild {

    private JournalCrashChild() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
        Journal<Object> journal = Journal.open(JournalTestSupport.config(Path.of(args[0])), batch -> {
            out.println("released " + batch.number());
            out.flush();
        });
        out.println("ready " + journal.lastBatch());
        out.flush();
        for (long n = journal.lastBatch() + 1; ; n++) {
            journal.append(JournalTestSupport.batch(n));
        }
    }
}
