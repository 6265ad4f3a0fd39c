package io.tickwire.protocol.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Level;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worked example of {@code docs/protocol.md}, section "Book checksum". */
class BookChecksumTest {

    static Level level(String price, String qty) {
        return new Level(Decimal.parse(price), Decimal.parse(qty));
    }

    @Test
    void workedExampleSnapshot() {
        List<Level> bids = List.of(level("84999.50", "0.250"), level("84999.00", "1.200"), level("84998.00", "3.000"));
        List<Level> asks = List.of(level("85000.00", "1.000"), level("85000.50", "0.750"), level("85001.00", "2.500"));
        assertThat(BookChecksum.input(bids, asks)).isEqualTo(
                "85000.00:1.000|85000.50:0.750|85001.00:2.500|84999.50:0.250|84999.00:1.200|84998.00:3.000");
        assertThat(BookChecksum.of(bids, asks)).isEqualTo(2195952344L);
    }

    @Test
    void workedExampleAfterTheDelta() {
        List<Level> bids = List.of(level("84999.00", "1.200"), level("84998.00", "3.000"));
        List<Level> asks = List.of(level("85000.00", "1.000"), level("85000.50", "0.750"), level("85001.00", "1.200"));
        assertThat(BookChecksum.input(bids, asks))
                .isEqualTo("85000.00:1.000|85000.50:0.750|85001.00:1.200|84999.00:1.200|84998.00:3.000");
        assertThat(BookChecksum.of(bids, asks)).isEqualTo(1583357340L);
    }

    @Test
    void onlyTheBestTenLevelsOfASideCount() {
        List<Level> asks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            asks.add(level(Decimal.format(8_500_000 + 50L * i, 2), "1.000"));
        }
        List<Level> bids = List.of(level("84999.50", "0.250"));
        long ten = BookChecksum.of(bids, asks);
        asks.add(level("85005.00", "0.900"));
        asks.add(level("85005.50", "2.200"));
        assertThat(BookChecksum.of(bids, asks)).isEqualTo(ten);
        assertThat(BookChecksum.input(bids, asks).split("\\|")).hasSize(11);
    }

    @Test
    void edgeCases() {
        assertThat(BookChecksum.of(List.of(), List.of())).isZero();
        assertThat(BookChecksum.input(List.of(), List.of())).isEmpty();
        assertThat(BookChecksum.input(List.of(level("1.00", "2.000")), List.of())).isEqualTo("1.00:2.000");
    }

    @Test
    void theAccumulatorAgreesWithTheListFormAndCanBeReused() {
        BookChecksum accumulator = new BookChecksum();
        for (int round = 0; round < 3; round++) {
            accumulator.reset()
                    .add(8_500_000, 2, 1_000, 3).add(8_500_050, 2, 750, 3).add(8_500_100, 2, 2_500, 3)
                    .add(8_499_950, 2, 250, 3).add(8_499_900, 2, 1_200, 3).add(8_499_800, 2, 3_000, 3);
            assertThat(accumulator.value()).isEqualTo(2195952344L);
        }
    }
}
