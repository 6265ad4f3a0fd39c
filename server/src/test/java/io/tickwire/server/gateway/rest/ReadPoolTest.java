package io.tickwire.server.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.tickwire.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The disk-read pool's queue is bounded: a read beyond it is answered 503 at once, with Retry-After. */
class ReadPoolTest {

    @Test
    void aReadBeyondTheQueueIsAnswered503WithRetryAfter() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        ChannelHandlerContext ctx = channel.pipeline().firstContext();
        RestExchange ex = new RestExchange(ctx, new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                "/events/trades.BTC-USDT?since=0"), new JsonCodec());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(2);
        Runnable blocking = () -> {
            busy.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (ReadPool pool = new ReadPool(1)) {
            pool.offload(ex, blocking); // both threads busy ...
            pool.offload(ex, blocking);
            assertThat(busy.await(30, TimeUnit.SECONDS)).isTrue();
            pool.offload(ex, blocking); // ... one read waits ...
            assertThat(pool.queued()).isEqualTo(1);
            Object nothingYet = channel.readOutbound();
            assertThat(nothingYet).isNull();
            pool.offload(ex, blocking); // ... and the next is refused at once
            FullHttpResponse refused = channel.readOutbound();
            assertThat(refused.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
            assertThat(refused.headers().get("Retry-After")).isEqualTo("1");
            assertThat(refused.content().toString(StandardCharsets.UTF_8))
                    .contains("\"code\":\"unavailable\"", "\"retry_after_ms\":1000");
            refused.release();
            release.countDown();
        }
    }
}
