package io.tickwire.nats.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.engine.event.Receipt;
import io.tickwire.journal.JournalEvent;
import io.tickwire.protocol.message.RejectCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchFrameTest {
    private static final String EPOCH = "7f3a9c0011223344";

    /** Events as a batch at {@code ts} holds them: the journal gives each its batch's time. */
    private static List<JournalEvent> events(int n, long ts) {
        List<JournalEvent> events = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            events.add(new JournalEvent(i % 2 == 0 ? "book.BTC-USDT" : "account:1001", i, ts,
                    "order.update", ("{\"n\":" + i + ",\"note\":\"é€𝄞\"}").getBytes(StandardCharsets.UTF_8)));
        }
        return events;
    }

    @Test
    void aBatchDecodesToWhatWasEncoded() {
        List<JournalEvent> events = events(5, 1_734_533_790_000L);
        byte[] body = BatchFrame.encode(42, 1_734_533_790_000L, events);
        PublishedBatch batch = BatchFrame.decode(EPOCH, body);
        assertThat(batch).isEqualTo(new PublishedBatch(EPOCH, 42, 1_734_533_790_000L, events));
        assertThat(BatchFrame.decode(EPOCH, BatchFrame.encode(1, 0, List.of())).events()).isEmpty();
    }

    @Test
    void receiptsTravelWithTheirBatch() {
        List<Receipt> receipts = List.of(
                new Receipt(4_611_686_018_427_387_905L, 1001, true, 77, "my-1", null, null),
                new Receipt(12, 1002, false, 0, null, RejectCode.INSUFFICIENT_BALANCE, "needs 85.00 USDT, has 1.00"),
                new Receipt(13, 1002, true, 0, null, null, null, 3));
        byte[] body = BatchFrame.encode(9, 5, events(2, 5), receipts);
        PublishedBatch batch = BatchFrame.decode(EPOCH, body);
        assertThat(batch.receipts()).isEqualTo(receipts);
        assertThat(batch.receipts().get(2).canceled()).as("a cancel-all's count").isEqualTo(3);
        assertThat(batch.events()).isEqualTo(events(2, 5));
    }

    @Test
    void formatOneAndTwoBodiesStillReadTheirReceipts() {
        List<Receipt> receipts = List.of(new Receipt(12, 1002, true, 77, "my-1", null, null));
        byte[] three = BatchFrame.encode(9, 5, events(1, 5), receipts);
        // Format 1: the same body without the receipt's count, switch time and results at its end
        // (4 + 8 + 4 bytes); format 2 has the count.
        byte[] one = Arrays.copyOf(three, three.length - 16);
        one[0] = 1;
        assertThat(BatchFrame.decode(EPOCH, one).receipts()).isEqualTo(receipts);
        byte[] two = Arrays.copyOf(three, three.length - 12);
        two[0] = 2;
        assertThat(BatchFrame.decode(EPOCH, two).receipts()).isEqualTo(receipts);
    }

    @Test
    void aBatchsResultsAndASwitchsTimeTravelWithTheirReceipts() {
        List<Receipt> results = List.of(new Receipt(14, 1002, true, 1201, "b-1", null, null),
                new Receipt(14, 1002, false, 0, "b-2", RejectCode.POST_ONLY_WOULD_TAKE, "would take"));
        List<Receipt> receipts = List.of(
                new Receipt(14, 1002, true, 0, null, null, null, -1, results, -1),
                new Receipt(15, 1002, true, 0, null, null, null, -1, null, 1_734_533_850_000L),
                new Receipt(16, 1002, true, 0, null, null, null, -1, List.of(), 0));
        byte[] body = BatchFrame.encode(9, 5, events(1, 5), receipts);
        assertThat(BatchFrame.decode(EPOCH, body).receipts()).isEqualTo(receipts);
    }

    @Test
    void aCutBatchIsPutBackTogetherExactly() {
        List<JournalEvent> events = events(200, 99);
        byte[] body = BatchFrame.encode(7, 99, events);
        List<byte[]> parts = BatchFrame.split(body, 1000);
        assertThat(parts).hasSizeGreaterThan(5);
        PartAssembler assembler = new PartAssembler();
        Optional<PublishedBatch> whole = Optional.empty();
        for (int i = 0; i < parts.size(); i++) {
            assertThat(whole).isEmpty();
            whole = assembler.accept(EPOCH, "7", (i + 1) + "/" + parts.size(), parts.get(i));
        }
        assertThat(whole).contains(new PublishedBatch(EPOCH, 7, 99, events));
        assertThat(BatchFrame.messageId(EPOCH, 7, 3, parts.size())).isEqualTo(EPOCH + ":7:3");
        assertThat(BatchFrame.messageId(EPOCH, 7, 1, 1)).isEqualTo(EPOCH + ":7");
    }

    @Test
    void aBatchRestartedMidwayIsAssembledFromItsOwnFirstPart() {
        byte[] body = BatchFrame.encode(8, 1, events(50, 1));
        List<byte[]> parts = BatchFrame.split(body, 500);
        PartAssembler assembler = new PartAssembler();
        assembler.accept(EPOCH, "8", "1/" + parts.size(), parts.get(0));
        assembler.accept(EPOCH, "8", "2/" + parts.size(), parts.get(1));
        // the core crashed and published batch 8 again from its first part
        Optional<PublishedBatch> whole = Optional.empty();
        for (int i = 0; i < parts.size(); i++) {
            whole = assembler.accept(EPOCH, "8", (i + 1) + "/" + parts.size(), parts.get(i));
        }
        assertThat(whole.orElseThrow().events()).hasSize(50);
        // a tail whose start was never seen yields nothing
        assertThat(new PartAssembler().accept(EPOCH, "8", "2/" + parts.size(), parts.get(1))).isEmpty();
    }

    @Test
    void damagedInputIsRefusedWithAReason() {
        byte[] body = BatchFrame.encode(3, 1, events(3, 1));
        byte[] truncated = Arrays.copyOf(body, body.length - 4);
        assertThatThrownBy(() -> BatchFrame.decode(EPOCH, truncated)).isInstanceOf(IllegalArgumentException.class);
        byte[] format = body.clone();
        format[0] = 9;
        assertThatThrownBy(() -> BatchFrame.decode(EPOCH, format)).hasMessageContaining("format 9");
        PartAssembler assembler = new PartAssembler();
        assertThatThrownBy(() -> assembler.accept(EPOCH, null, "1/1", body)).hasMessageContaining("Tickwire-Batch");
        assertThatThrownBy(() -> assembler.accept(EPOCH, "x", "1/1", body)).hasMessageContaining("bad batch headers");
        assertThatThrownBy(() -> assembler.accept(EPOCH, "3", "3/2", body)).hasMessageContaining("bad part");
    }
}
