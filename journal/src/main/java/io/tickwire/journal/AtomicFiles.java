package io.tickwire.journal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Small state files replaced whole: the new content goes to a sibling {@code .tmp} file, which is
 * then renamed over the old one, so a reader (or a process started after a crash) sees the old
 * content or the new, never half of one. Not forced: for marks that may lag a little (what was
 * published, the current epoch, a capture's topics), not for what must be durable.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Replaces {@code file}'s content with {@code content}. */
    public static void replace(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, content);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
