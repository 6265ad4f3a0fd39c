package io.tickwire.server.frontdoor;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * The per-connection rate limit, applied to every WebSocket frame the client sends, whatever its
 * opcode: text, binary, continuation and ping alike. It stands before the fragments of a message
 * are put together, so a flood of tiny fragments or binary frames costs the sender as much as a
 * flood of messages. Close and pong frames pass free: they never cost the server a reply.
 *
 * <p>A message whose first frame finds the bucket empty is dropped whole, its continuations too,
 * and answered with one {@code rate_limited} error (echoing its {@code id} when it is a single
 * text frame). A continuation of a message already let in is never dropped, which would leave a
 * torn message behind, but it is still charged: a client that keeps sending past the limit is
 * closed with 4029 either way. Refusals are judged by a {@link FloodWatch}: counted over a window
 * (more than {@code messagesPerSecond} of them in it close with 4029), and answered at most
 * {@value FloodWatch#REPLIES_PER_SECOND} times a second. Runs on the connection's event loop, as
 * does the handler it tells.
 */
final class FrameGate extends ChannelInboundHandlerAdapter {
    private final RateLimiter rate;
    private final FloodWatch flood;
    private final WsHandler handler;
    /** The message being received was refused at its first frame: its continuations go too. */
    private boolean dropping;

    FrameGate(int messagesPerSecond, WsHandler handler) {
        this.rate = new RateLimiter(messagesPerSecond, System.nanoTime());
        this.flood = new FloodWatch(messagesPerSecond);
        this.handler = handler;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame) || msg instanceof CloseWebSocketFrame
                || msg instanceof PongWebSocketFrame) {
            ctx.fireChannelRead(msg);
            return;
        }
        long now = System.nanoTime();
        boolean allowed = rate.tryAcquire(now);
        if (frame instanceof ContinuationWebSocketFrame) {
            if (dropping) {
                dropping = !frame.isFinalFragment();
                ReferenceCountUtil.release(frame);
            } else {
                ctx.fireChannelRead(frame);
            }
            if (!allowed && flood.refused(now) == FloodWatch.Verdict.CLOSE) {
                handler.flooded();
            }
            return;
        }
        if (allowed) {
            ctx.fireChannelRead(frame);
            return;
        }
        try {
            dropping = !frame.isFinalFragment();
            switch (flood.refused(now)) {
                case CLOSE -> handler.flooded();
                case REPLY -> handler.rateLimited(frame instanceof TextWebSocketFrame text && frame.isFinalFragment()
                        ? text.content() : null, rate.retryAfterMs());
                case SILENT -> {
                    // this second's answers are spent: the client has been told
                }
            }
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }
}
