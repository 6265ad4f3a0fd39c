package io.tickwire.bench.ws;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * When each event of the benchmarked stream was made, at nanosecond resolution, shared between
 * the server process (which writes) and the load clients (which read) through one memory-mapped
 * file. Both read {@link System#nanoTime()}, which on Linux is the host's {@code CLOCK_MONOTONIC},
 * the same clock in every process of the machine: so latency is measured in microseconds without
 * putting anything into the frames (the public envelope's {@code ts} has milliseconds only).
 *
 * <p>Slot {@code seq & mask} holds the stamp of event {@code seq}; a slot is overwritten
 * {@value #SLOTS} events later, far beyond any frame still in flight. The writer publishes a stamp
 * with a release store before the event can leave the process; a reader that sees the frame sees
 * the stamp.
 */
final class StampBoard implements AutoCloseable {
    /** Slots, a power of two: 8 MiB of stamps. */
    static final int SLOTS = 1 << 20;
    /** System property that gives the server process the board's file. */
    static final String PROPERTY = "tickwire.bench.stamps";

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int MASK = SLOTS - 1;

    private final FileChannel channel;
    private final MappedByteBuffer slots;

    private StampBoard(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        slots = channel.map(FileChannel.MapMode.READ_WRITE, 0, (long) SLOTS * Long.BYTES);
    }

    /** Maps {@code file}, creating it (zero stamps) when it does not exist. */
    static StampBoard open(Path file) throws IOException {
        return new StampBoard(file);
    }

    /** The board named by {@link #PROPERTY}, or {@code null} when this process was given none. */
    static StampBoard fromSystemProperty() throws IOException {
        String file = System.getProperty(PROPERTY);
        return file == null ? null : open(Path.of(file));
    }

    /** Server: event {@code seq} is made now. */
    void stamp(long seq) {
        LONGS.setRelease(slots, index(seq), System.nanoTime());
    }

    /** Client: when event {@code seq} was made ({@link System#nanoTime()}), or 0 when never stamped. */
    long stampOf(long seq) {
        return (long) LONGS.getAcquire(slots, index(seq));
    }

    private static int index(long seq) {
        return (int) (seq & MASK) * Long.BYTES;
    }

    @Override
    public void close() throws IOException {
        channel.close(); // the mapping stays until collected; nothing reads it after this
    }
}
