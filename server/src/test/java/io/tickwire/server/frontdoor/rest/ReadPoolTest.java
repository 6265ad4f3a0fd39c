package io.tickwire.server.frontdoor.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.tickwire.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The disk-read pool's queue is bounded: a read beyond it is answered 503 at once, with Retry-After.
 * A task that throws, an {@link Error} included, is answered 500, never left without an answer.
 */
class ReadPoolTest {

    private static RestExchange exchange(EmbeddedChannel channel) {
        return new RestExchange(channel.pipeline().firstContext(), new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                HttpMethod.GET, "/events/trades.BTC-USDT?since=0"), new JsonCodec());
    }

    @Test
    void aTaskThatThrowsIsAnsweredNotLeftHanging() {
        for (Runnable failing : List.<Runnable>of(() -> {
            throw new IllegalStateException("a bug");
        }, () -> {
            throw new StackOverflowError();
        })) {
            EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
            try (ReadPool pool = new ReadPool(4)) {
                pool.offload(exchange(channel), "history reads", failing);
                // The answer is written from the pool's thread: the embedded loop runs it when asked.
                // The Error is rethrown on the pool's thread, by design: not the test's failure.
                FullHttpResponse answer = await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30))
                        .until(() -> {
                            channel.runPendingTasks();
                            return channel.<FullHttpResponse>readOutbound();
                        }, Objects::nonNull);
                assertThat(answer.status()).isEqualTo(HttpResponseStatus.INTERNAL_SERVER_ERROR);
                assertThat(answer.content().toString(StandardCharsets.UTF_8)).contains("\"code\":\"internal\"");
                answer.release();
            }
        }
    }

    @Test
    void aReadBeyondTheQueueIsAnswered503WithRetryAfter() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        RestExchange ex = exchange(channel);
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
            pool.offload(ex, "history reads", blocking); // both threads busy ...
            pool.offload(ex, "history reads", blocking);
            assertThat(busy.await(30, TimeUnit.SECONDS)).isTrue();
            pool.offload(ex, "history reads", blocking); // ... one read waits ...
            assertThat(pool.queued()).isEqualTo(1);
            Object nothingYet = channel.readOutbound();
            assertThat(nothingYet).isNull();
            pool.offload(ex, "history reads", blocking); // ... and the next is refused at once
            FullHttpResponse refused = channel.readOutbound();
            assertThat(refused.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
            assertThat(refused.headers().get("Retry-After")).isEqualTo("1");
            assertThat(refused.content().toString(StandardCharsets.UTF_8))
                    .contains("\"code\":\"unavailable\"", "\"retry_after_ms\":1000",
                            "too many history reads are waiting");
            refused.release();
            release.countDown();
        }
    }
}
