package io.tickwire.journal;

/** When an appended batch counts as durable. */
public enum Durability {
    /** After {@code FileChannel.force}: survives a crash of the process and of the machine. The default. */
    FSYNC,
    /**
     * After the write system call only: survives a crash of the process, not of the machine.
     * Unsafe for a venue; for benchmarks that want to measure everything but the disk.
     */
    NONE
}
