package io.tickwire.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Small state files replaced whole: the new content goes to a sibling {@code .tmp} file, which is
 * then renamed over the old one, so a reader (or a process started after a crash) sees the old
 * content or the new, never half of one. {@link #replace} is not forced: for marks that may lag a
 * little (what was published, the current epoch, a capture's topics); {@link #replaceDurably} is,
 * for what must survive a machine crash once the caller has been told it is done.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Replaces {@code file}'s content with {@code content}. */
    public static void replace(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, content);
        moveOver(tmp, file);
    }

    /**
     * Replaces {@code file}'s content with {@code content} durably: the new content is forced to
     * disk before the rename, and the directory after it, so that once this returns a machine crash
     * leaves the new content (a rename alone may reach the disk before the data it points to).
     */
    public static void replaceDurably(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        moveOver(tmp, file);
        forceDirectory(file.toAbsolutePath().getParent());
    }

    /** Renames {@code tmp} over {@code file}, atomically where the file system can. */
    private static void moveOver(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Forces a directory's entries (a rename in it) to disk where the platform allows opening one. */
    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
            // Windows cannot open a directory as a channel; NTFS journals the rename itself.
        }
    }
}
