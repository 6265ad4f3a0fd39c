package io.tickwire.protocol.book;

import static io.tickwire.protocol.book.BookChecksumTest.level;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.LevelChange;
import io.tickwire.protocol.message.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

class BookLevelsTest {

    @Test
    void theWorkedExampleSnapshotThenDelta() {
        BookLevels book = new BookLevels();
        book.load(List.of(level("84999.50", "0.250"), level("84999.00", "1.200"), level("84998.00", "3.000")),
                List.of(level("85000.00", "1.000"), level("85000.50", "0.750"), level("85001.00", "2.500")));
        assertThat(book.checksum()).isEqualTo(2195952344L);
        book.apply(List.of(new LevelChange(Side.BUY, Decimal.parse("84999.50"), Decimal.parse("0.000")),
                new LevelChange(Side.SELL, Decimal.parse("85001.00"), Decimal.parse("1.200"))));
        assertThat(book.checksum()).isEqualTo(1583357340L);
        assertThat(book.top(Side.BUY, 1)).containsExactly(level("84999.00", "1.200"));
        assertThat(book.all(Side.SELL)).containsExactly(level("85000.00", "1.000"), level("85000.50", "0.750"),
                level("85001.00", "1.200"));
        assertThat(book.depth(Side.BUY)).isEqualTo(2);
        book.load(List.of(), List.of());
        assertThat(book.checksum()).isZero();
    }
}
