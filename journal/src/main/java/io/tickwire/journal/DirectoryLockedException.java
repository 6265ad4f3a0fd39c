package io.tickwire.journal;

import java.io.IOException;
import java.nio.file.Path;

/** Another process (or another holder in this JVM) holds the data directory's {@link DirectoryLock}. */
public final class DirectoryLockedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path directory;
    private final String holder;

    DirectoryLockedException(Path directory, String holder) {
        super("the data directory " + directory + " is in use by another Tickwire process"
                + (holder.isEmpty() ? "" : " (" + holder + ")")
                + "; stop it first, or give this one another data directory");
        this.directory = directory;
        this.holder = holder;
    }

    /** The directory that is held. */
    public Path directory() {
        return directory;
    }

    /** What the lock file says of its holder, e.g. {@code pid 4242 (tickwire serve)}; may be empty. */
    public String holder() {
        return holder;
    }
}
