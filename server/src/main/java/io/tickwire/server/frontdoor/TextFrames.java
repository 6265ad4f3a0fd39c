package io.tickwire.server.frontdoor;

import io.netty.buffer.ByteBuf;

/**
 * Server-to-client WebSocket text frames (RFC 6455 §5.2: FIN, opcode 1, unmasked) written
 * straight into a buffer, so that many frames for one client go out as one buffer and one write
 * instead of a Netty frame object, an encoder pass and an outbound entry each. Bytes on the wire
 * are the same as {@code WebSocket08FrameEncoder}'s. Public for the benchmarks' ceiling server,
 * which frames the same way.
 */
public final class TextFrames {
    private static final int FIN_TEXT = 0x81;

    private TextFrames() {
    }

    /** Header size of a frame with {@code length} payload bytes. */
    public static int headerSize(int length) {
        return length < 126 ? 2 : length < 65_536 ? 4 : 10;
    }

    /** Appends one complete text frame carrying {@code payload} to {@code out}. */
    public static void append(ByteBuf out, byte[] payload) {
        int length = payload.length;
        out.ensureWritable(headerSize(length) + length);
        out.writeByte(FIN_TEXT);
        if (length < 126) {
            out.writeByte(length);
        } else if (length < 65_536) {
            out.writeByte(126);
            out.writeShort(length);
        } else {
            out.writeByte(127);
            out.writeLong(length);
        }
        out.writeBytes(payload);
    }
}
