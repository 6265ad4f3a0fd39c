package io.tickwire.client.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.client.internal.BookReplica;
import io.tickwire.protocol.book.BookChecksum;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.InvalidationReason;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.LevelChange;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.Topic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LocalBookTest {

    static Level level(String price, String qty) {
        return new Level(Decimal.parse(price), Decimal.parse(qty));
    }

    static StreamEvent event(String epoch, long seq, EventPayload payload) {
        return new StreamEvent(Topic.book("BTC-USDT"), epoch, seq, 1L, payload);
    }

    static StreamEvent snapshot(long seq) {
        return event("e1", seq, new EventPayload.BookSnapshot("BTC-USDT",
                List.of(level("84999.50", "0.250"), level("84999.00", "1.200"), level("84998.00", "3.000")),
                List.of(level("85000.00", "1.000"), level("85000.50", "0.750"), level("85001.00", "2.500")),
                        2195952344L));
    }

    static StreamEvent workedDelta(long seq, long checksum) {
        return event("e1", seq, new EventPayload.BookDelta("BTC-USDT", List.of(
                new LevelChange(Side.BUY, Decimal.parse("84999.50"), Decimal.parse("0.000")),
                new LevelChange(Side.SELL, Decimal.parse("85001.00"), Decimal.parse("1.200"))), checksum));
    }

    @Test
    void theWorkedExampleOfTheProtocolChecksOut() {
        BookReplica book = new BookReplica("BTC-USDT");
        assertThat(book.apply(snapshot(41870))).isEmpty();
        assertThat(book.apply(workedDelta(41871, 1583357340L))).isEmpty();
        assertThat(book.isValid()).isTrue();
        assertThat(book.seq()).isEqualTo(41871);
        assertThat(book.bestBid()).contains(level("84999.00", "1.200"));
        assertThat(book.bestAsk()).contains(level("85000.00", "1.000"));
        assertThat(book.depth(Side.SELL)).isEqualTo(3);
        assertThat(book.view().asks()).extracting(l -> l.price() + ":" + l.qty())
                .containsExactly("85000.00:1.000", "85000.50:0.750", "85001.00:1.200");
    }

    @Test
    void aHoleInTheSequenceInvalidatesAndNothingIsServedUntilASnapshot() {
        BookReplica book = new BookReplica("BTC-USDT");
        book.apply(snapshot(10));
        assertThat(book.apply(workedDelta(12, 1583357340L))).contains(new BookProblem.SequenceGap(11, 12));
        assertThat(book.isValid()).isFalse();
        assertThat(book.bestBid()).isEmpty();
        assertThat(book.view().valid()).isFalse();
        assertThat(book.view().bids()).isEmpty();
        assertThat(book.apply(workedDelta(13, 1L))).as("ignored while invalid").isEmpty();
        book.apply(snapshot(20));
        assertThat(book.isValid()).isTrue();
        assertThat(book.problem()).isEmpty();
    }

    @Test
    void aWrongChecksumInvalidates() {
        BookReplica book = new BookReplica("BTC-USDT");
        book.apply(snapshot(10));
        assertThat(book.apply(workedDelta(11, 1583357341L)))
                .contains(new BookProblem.ChecksumMismatch(11, 1583357341L, 1583357340L));
        assertThat(book.bestAsk()).isEmpty();
    }

    @Test
    void duplicatesAfterAResumeAreIgnored() {
        BookReplica book = new BookReplica("BTC-USDT");
        book.apply(snapshot(10));
        book.apply(workedDelta(11, 1583357340L));
        assertThat(book.apply(workedDelta(11, 1583357340L))).isEmpty();
        assertThat(book.apply(workedDelta(9, 99L))).isEmpty();
        assertThat(book.isValid()).isTrue();
        assertThat(book.seq()).isEqualTo(11);
    }

    @Test
    void serverInvalidationAndEpochChangesInvalidate() {
        BookReplica book = new BookReplica("BTC-USDT");
        book.apply(snapshot(10));
        assertThat(book.apply(event("e1", 10, new EventPayload.BookInvalidated("BTC-USDT", InvalidationReason.LAG))))
                .contains(new BookProblem.Invalidated(InvalidationReason.LAG));
        book.apply(snapshot(10));
        assertThat(book.apply(event("e2", 11, new EventPayload.BookDelta("BTC-USDT", List.of(), 0))))
                .contains(new BookProblem.EpochChanged("e1", "e2"));
    }

    @Test
    void aRandomBookEvolutionIsMirroredExactly() {
        SplittableRandom random = new SplittableRandom(3);
        TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
        TreeMap<Long, Long> asks = new TreeMap<>();
        BookReplica book = new BookReplica("BTC-USDT");
        book.apply(event("e1", 0, new EventPayload.BookSnapshot("BTC-USDT", List.of(), List.of(), 0)));
        for (long seq = 1; seq <= 5_000; seq++) {
            List<LevelChange> changes = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(4); i++) {
                boolean buy = random.nextBoolean();
                long price = buy ? 9_000 + random.nextInt(900) : 10_000 + random.nextInt(900);
                long qty = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(10_000);
                TreeMap<Long, Long> side = buy ? bids : asks;
                if (qty == 0) {
                    side.remove(price);
                } else {
                    side.put(price, qty);
                }
                changes.add(new LevelChange(buy ? Side.BUY : Side.SELL, Decimal.of(price, 2), Decimal.of(qty, 3)));
            }
            long checksum = BookChecksum.of(levels(bids), levels(asks));
            assertThat(book.apply(event("e1", seq, new EventPayload.BookDelta("BTC-USDT", changes, checksum))))
                    .as("seq " + seq).isEmpty();
        }
        assertThat(book.view().bids()).isEqualTo(levels(bids));
        assertThat(book.view().asks()).isEqualTo(levels(asks));
    }

    private static List<Level> levels(TreeMap<Long, Long> side) {
        List<Level> out = new ArrayList<>();
        side.forEach((p, q) -> out.add(new Level(Decimal.of(p, 2), Decimal.of(q, 3))));
        return out;
    }
}
