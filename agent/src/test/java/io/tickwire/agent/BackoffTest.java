package io.tickwire.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void attemptsGrowTheCapAndStartAgainAfterAReset() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2));
        Backoff.Attempts attempts = backoff.attempts();
        assertThat(attempts.nextDelayNanos()).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(attempts.nextDelayNanos()).isEqualTo(Duration.ofMillis(200).toNanos());
        for (int i = 0; i < 10; i++) {
            attempts.nextDelayNanos();
        }
        assertThat(attempts.nextDelayNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(attempts.failures()).isEqualTo(13);
        attempts.reset();
        assertThat(attempts.nextDelayNanos()).isEqualTo(Duration.ofMillis(100).toNanos());
    }

    @Test
    void fullJitterDrawsBelowEachCap() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2)).fullJitter()
                .random(new Random(7));
        Backoff.Attempts attempts = backoff.attempts();
        for (int i = 0; i < 1_000; i++) {
            long cap = backoff.cap(attempts.failures()).toNanos();
            assertThat(attempts.nextDelayNanos()).isBetween(0L, cap);
        }
        assertThat(backoff.isJittered()).isTrue();
        assertThat(backoff.toString()).contains("full jitter");
    }
}
