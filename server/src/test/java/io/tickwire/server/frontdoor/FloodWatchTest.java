package io.tickwire.server.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.server.frontdoor.FloodWatch.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Refusals counted over a window, not in a row; answers bounded per second. A clock of our own. */
class FloodWatchTest {
    private static final long MS = 1_000_000L;

    @Test
    void refusalsSpreadBetweenRefillsStillAddUpToAClose() {
        // 100 per second allowed: a flood at 400 per second has a refill every 10 ms, which once reset
        // a count of refusals in a row; over the window they add up.
        FloodWatch watch = new FloodWatch(100);
        List<Verdict> verdicts = new ArrayList<>();
        long now = 5_000 * MS;
        for (int i = 0; i < 300 && !verdicts.contains(Verdict.CLOSE); i++) {
            now += 2_500_000L; // 2.5 ms apart: three refusals between refills
            verdicts.add(watch.refused(now));
        }
        assertThat(verdicts).endsWith(Verdict.CLOSE).hasSize(101);
        assertThat(verdicts.stream().filter(v -> v == Verdict.REPLY).count())
                .as("answered at most %d times a second", FloodWatch.REPLIES_PER_SECOND)
                .isLessThanOrEqualTo(FloodWatch.REPLIES_PER_SECOND);
    }

    @Test
    void answersAreBoundedPerSecondAndComeBackTheNextSecond() {
        FloodWatch watch = new FloodWatch(1000);
        long now = 7_000 * MS;
        List<Verdict> first = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            first.add(watch.refused(now + i * MS));
        }
        assertThat(first.subList(0, FloodWatch.REPLIES_PER_SECOND)).containsOnly(Verdict.REPLY);
        assertThat(first.subList(FloodWatch.REPLIES_PER_SECOND, 50)).containsOnly(Verdict.SILENT);
        assertThat(watch.refused(now + 1_000 * MS)).isEqualTo(Verdict.REPLY);
    }

    @Test
    void aClientSlightlyOverTheLimitOnceIsForgottenAfterTheWindow() {
        FloodWatch watch = new FloodWatch(100);
        long now = 9_000 * MS;
        for (int i = 0; i < 100; i++) {
            assertThat(watch.refused(now + i * MS)).isNotEqualTo(Verdict.CLOSE);
        }
        assertThat(watch.inWindow()).isEqualTo(100);
        long later = now + FloodWatch.WINDOW_SECONDS * 1_000 * MS;
        assertThat(watch.refused(later)).isEqualTo(Verdict.REPLY);
        assertThat(watch.inWindow()).as("the old second left the window").isEqualTo(1);
    }
}
