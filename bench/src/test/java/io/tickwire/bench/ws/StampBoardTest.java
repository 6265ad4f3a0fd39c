package io.tickwire.bench.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StampBoardTest {

    @Test
    void aStampWrittenThroughOneMappingIsReadThroughAnother(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stamps.bin");
        try (StampBoard server = StampBoard.open(file); StampBoard client = StampBoard.open(file)) {
            assertThat(client.stampOf(7)).isZero();
            long before = System.nanoTime();
            server.stamp(7);
            assertThat(client.stampOf(7)).isBetween(before, System.nanoTime());
            assertThat(client.stampOf(8)).isZero();
        }
    }

    @Test
    void aSlotIsReusedOnlyAWholeBoardLater(@TempDir Path dir) throws Exception {
        try (StampBoard board = StampBoard.open(dir.resolve("stamps.bin"))) {
            board.stamp(1);
            long first = board.stampOf(1);
            board.stamp(1 + StampBoard.SLOTS);
            assertThat(board.stampOf(1)).isGreaterThanOrEqualTo(first).isEqualTo(board.stampOf(1 + StampBoard.SLOTS));
            assertThat(board.stampOf(2)).isZero();
        }
    }
}
