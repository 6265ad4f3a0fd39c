package io.tickwire.journal;

import java.nio.file.Path;

/** A child JVM that takes a data directory's lock, says so, and holds it until it is killed. */
public final class DirectoryLockChild {
    private DirectoryLockChild() {
    }

    public static void main(String[] args) throws Exception {
        DirectoryLock lock = DirectoryLock.acquire(Path.of(args[0]), "lock test child");
        System.out.println("locked " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
        lock.close();
    }
}
