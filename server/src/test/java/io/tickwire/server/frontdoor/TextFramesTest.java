package io.tickwire.server.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Frames written by {@link TextFrames} are byte for byte what Netty's server encoder writes. */
class TextFramesTest {

    @Test
    void matchesNettysEncoderAtEveryLengthBoundary() {
        for (int length : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 70_000}) {
            byte[] payload = new byte[length];
            Arrays.fill(payload, (byte) 'x');
            ByteBuf ours = Unpooled.buffer();
            TextFrames.append(ours, payload);
            assertThat(ByteBufUtil.getBytes(ours)).as("length %d", length).isEqualTo(netty(payload));
            assertThat(ours.readableBytes()).isEqualTo(TextFrames.headerSize(length) + length);
            ours.release();
        }
    }

    @Test
    void framesFollowEachOtherInOneBuffer() {
        ByteBuf ours = Unpooled.buffer();
        TextFrames.append(ours, "{\"a\":1}".getBytes());
        TextFrames.append(ours, "{\"b\":2}".getBytes());
        byte[] expected = new byte[18];
        System.arraycopy(netty("{\"a\":1}".getBytes()), 0, expected, 0, 9);
        System.arraycopy(netty("{\"b\":2}".getBytes()), 0, expected, 9, 9);
        assertThat(ByteBufUtil.getBytes(ours)).isEqualTo(expected);
        ours.release();
    }

    private static byte[] netty(byte[] payload) {
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
        channel.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)));
        ByteBuf all = Unpooled.buffer();
        ByteBuf part;
        while ((part = channel.readOutbound()) != null) {
            all.writeBytes(part);
            part.release();
        }
        byte[] bytes = ByteBufUtil.getBytes(all);
        all.release();
        channel.finishAndReleaseAll();
        return bytes;
    }
}
