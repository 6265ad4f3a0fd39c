package io.tickwire.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.testkit.process.KillableChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One writer per data directory: in this JVM, across processes, and free again after a kill -9. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DirectoryLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondHolderInTheSameJvmIsRefusedUntilTheFirstLetsGo() throws Exception {
        try (DirectoryLock first = DirectoryLock.acquire(dir, "first")) {
            assertThat(first.isHeld()).isTrue();
            assertThatThrownBy(() -> DirectoryLock.acquire(dir, "second"))
                    .isInstanceOf(DirectoryLockedException.class)
                    .hasMessageContaining(dir.toAbsolutePath().normalize().toString())
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        try (DirectoryLock again = DirectoryLock.acquire(dir, "again")) {
            assertThat(again.isHeld()).isTrue();
        }
    }

    @Test
    void createsAMissingDirectory() throws Exception {
        Path fresh = dir.resolve("a/b");
        try (DirectoryLock lock = DirectoryLock.acquire(fresh, "test")) {
            assertThat(lock.directory()).isEqualTo(fresh);
            assertThat(Files.isDirectory(fresh)).isTrue();
            assertThat(Files.readString(fresh.resolve(DirectoryLock.FILE_NAME))).contains("(test)");
        }
    }

    @Test
    void anotherProcessHoldingItIsNamedAndAKillFreesIt() throws Exception {
        try (KillableChild child = KillableChild.start(DirectoryLockChild.class, dir.toString())) {
            String pid = child.awaitLine("locked ", Duration.ofSeconds(30));
            assertThatThrownBy(() -> DirectoryLock.acquire(dir, "parent"))
                    .isInstanceOf(DirectoryLockedException.class)
                    .hasMessageContaining("pid " + pid)
                    .hasMessageContaining("lock test child")
                    .satisfies(e -> assertThat(((DirectoryLockedException) e).holder()).startsWith("pid " + pid));
            child.kill();
        }
        // The kernel released the lock with the process: the stale file does not block a restart.
        try (DirectoryLock lock = DirectoryLock.acquire(dir, "after the kill")) {
            assertThat(lock.isHeld()).isTrue();
        }
    }
}
