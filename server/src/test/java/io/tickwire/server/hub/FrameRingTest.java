package io.tickwire.server.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameRingTest {

    @Test
    void findsTheLatestFramesAndForgetsOverwrittenOnes() {
        FrameRing ring = new FrameRing(4);
        for (long seq = 1; seq <= 6; seq++) {
            ring.put(seq, new byte[] {(byte) seq});
        }
        assertThat(ring.get(6)).containsExactly(6);
        assertThat(ring.get(3)).containsExactly(3);
        assertThat(ring.get(2)).as("overwritten by 6").isNull();
        assertThat(ring.get(1)).isNull();
        assertThat(ring.get(7)).as("never put").isNull();
        assertThat(ring.get(0)).as("an empty slot is not seq 0's").isNull();
    }

    @Test
    void capacityMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new FrameRing(3)).isInstanceOf(IllegalArgumentException.class);
    }
}
