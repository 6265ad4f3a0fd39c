package io.tickwire.journal.log;

import java.nio.ByteBuffer;

/**
 * One record read back from a segment, its CRC already checked: the type, batch and ts, and
 * the body positioned for reading.
 *
 * @param offset where the record starts in its segment
 * @param size   its total size on disk, prefix included
 */
public record RecordView(long offset, int size, byte type, long batch, long ts, ByteBuffer body) {
}
