package io.tickwire.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive hold on a data directory, so that two processes never write the same journal.
 * Two writers on one journal interleave records that each believes it owns: the next recovery
 * finds a tail it must cut and loses receipted commands. Every program that writes a data
 * directory ({@code serve}, the relay, {@code token --init}) takes this lock first, before it
 * reads or writes anything else there.
 *
 * <p>It is an OS file lock ({@link FileChannel#tryLock()}) on {@value #FILE_NAME}, so it is
 * released by the kernel when the holder dies, even by {@code kill -9}: a stale file never blocks
 * a restart. The file's text names the holder's PID for the message a refused process prints; it
 * is information only, never what decides. Within one JVM a second acquire of the same directory
 * is refused as well (the JDK reports it as an overlapping lock).
 */
public final class DirectoryLock implements AutoCloseable {
    /** The lock file's name inside the data directory. */
    public static final String FILE_NAME = "tickwire.lock";

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code directory}, creating the directory if it does not exist.
     *
     * @param holder what takes it, e.g. {@code "tickwire serve"}, written into the lock file
     * @throws DirectoryLockedException when another process (or another holder in this JVM) has it
     * @throws IOException              when the directory or the lock file cannot be created
     */
    public static DirectoryLock acquire(Path directory, String holder) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String text = readHolder(channel);
            channel.close();
            throw new DirectoryLockedException(dir, text);
        }
        try {
            byte[] text = ("pid " + ProcessHandle.current().pid() + " (" + holder + ")\n")
                    .getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text), 0);
        } catch (IOException e) {
            lock.release();
            channel.close();
            throw e;
        }
        return new DirectoryLock(dir, channel, lock);
    }

    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(256);
            int n = channel.read(buffer, 0);
            return n <= 0 ? "" : new String(buffer.array(), 0, n, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** The directory held, absolute and normalised. */
    public Path directory() {
        return directory;
    }

    /** Whether the lock is still held. */
    public boolean isHeld() {
        return lock.isValid();
    }

    /** Releases the lock. The file stays: removing it would race a process that is opening it. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        }
    }
}
