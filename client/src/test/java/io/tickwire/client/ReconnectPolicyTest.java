package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

    private final ReconnectPolicy policy = ReconnectPolicy.exponential(Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void theCapDoublesUpToTheMaximum() {
        assertThat(policy.cap(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.cap(1)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.cap(2)).isEqualTo(Duration.ofMillis(2000));
        assertThat(policy.cap(5)).isEqualTo(Duration.ofMillis(16_000));
        assertThat(policy.cap(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.cap(7)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void hugeAttemptCountsAndMultipliersNeverOverflow() {
        for (int attempt : new int[] {62, 63, 64, 1_000, 1_000_000, Integer.MAX_VALUE}) {
            assertThat(policy.cap(attempt)).isEqualTo(Duration.ofSeconds(30));
        }
        ReconnectPolicy wild = policy.multiplier(1e300);
        assertThat(wild.cap(2)).isEqualTo(Duration.ofSeconds(30));
        ReconnectPolicy huge = ReconnectPolicy.exponential(Duration.ofNanos(1), Duration.ofNanos(Long.MAX_VALUE));
        assertThat(huge.cap(Integer.MAX_VALUE)).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
        assertThat(huge.fullJitter().delay(Integer.MAX_VALUE)).isBetween(Duration.ZERO,
                Duration.ofNanos(Long.MAX_VALUE));
    }

    @Test
    void fullJitterStaysWithinZeroAndTheCapAndIsReproducibleWithASeed() {
        ReconnectPolicy jittered = policy.fullJitter().random(new Random(42));
        ReconnectPolicy again = policy.fullJitter().random(new Random(42));
        long below = 0;
        for (int attempt = 0; attempt < 10_000; attempt++) {
            Duration delay = jittered.delay(attempt % 12);
            assertThat(delay).isBetween(Duration.ZERO, policy.cap(attempt % 12));
            assertThat(again.delay(attempt % 12)).isEqualTo(delay);
            if (delay.compareTo(policy.cap(attempt % 12).dividedBy(2)) < 0) {
                below++;
            }
        }
        assertThat(below).as("uniform: about half below the midpoint").isBetween(4_500L, 5_500L);
    }

    @Test
    void withoutJitterTheDelayIsTheCap() {
        assertThat(policy.delay(3)).isEqualTo(policy.cap(3));
        assertThat(policy.multiplier(3).cap(2)).isEqualTo(Duration.ofMillis(4500));
    }

    @Test
    void nonsenseIsRefusedAtOnce() {
        assertThatThrownBy(() -> ReconnectPolicy.exponential(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("0 < initial <= max");
        assertThatThrownBy(() -> ReconnectPolicy.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("0 < initial <= max");
        assertThatThrownBy(() -> policy.multiplier(0.5)).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> policy.multiplier(Double.NaN)).hasMessageContaining("multiplier");
    }
}
