package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.message.EventPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Records what one topic listener was given, and checks it is every event exactly once, in order. */
class Recorder implements Consumer<Update> {
    final List<Update> updates = new ArrayList<>();
    volatile long lastSeq = -1;

    @Override
    public synchronized void accept(Update update) {
        updates.add(update);
        if (update instanceof Update.Event e) {
            lastSeq = e.seq();
        }
    }

    synchronized List<Update.Event> events() {
        List<Update.Event> events = new ArrayList<>();
        for (Update u : updates) {
            if (u instanceof Update.Event e && !isSnapshot(e)) {
                events.add(e);
            }
        }
        return events;
    }

    synchronized List<Update.Event> snapshots() {
        List<Update.Event> snapshots = new ArrayList<>();
        for (Update u : updates) {
            if (u instanceof Update.Event e && isSnapshot(e)) {
                snapshots.add(e);
            }
        }
        return snapshots;
    }

    synchronized List<Update.Gap> gaps() {
        return updates.stream().filter(Update.Gap.class::isInstance).map(Update.Gap.class::cast).toList();
    }

    static boolean isSnapshot(Update.Event e) {
        return e.data() instanceof EventPayload.BookSnapshot || e.data() instanceof EventPayload.AccountSnapshot;
    }

    /** Every event after {@code afterSeq} up to {@code head}, once each, in order. */
    void assertDense(long afterSeq, long head) {
        List<Update.Event> events = events().stream().filter(e -> e.seq() > afterSeq).toList();
        long expected = afterSeq + 1;
        for (Update.Event e : events) {
            assertThat(e.seq()).as("seq after %d", expected - 1).isEqualTo(expected);
            expected++;
        }
        assertThat(expected - 1).as("last seq").isEqualTo(head);
    }

    static void await(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
