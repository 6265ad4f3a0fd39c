package io.tickwire.server.hub;

import io.tickwire.protocol.message.EventPayload;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The candles of one candle topic as its events describe them: the last {@link #KEPT} closed ones
 * and the open one, for the REST candles call and a subscriber's first event. Hub thread only.
 */
final class CandleMirror {
    /** Closed candles kept, as many as the engine keeps and the REST call serves. */
    static final int KEPT = 1000;

    private final ArrayDeque<EventPayload.Candle> closed = new ArrayDeque<>();
    private EventPayload.Candle open;

    void load(List<EventPayload.Candle> candles) {
        closed.clear();
        open = null;
        candles.forEach(this::apply);
    }

    void apply(EventPayload.Candle candle) {
        if (!candle.closed()) {
            open = candle;
            return;
        }
        if (open != null && open.openTime() <= candle.openTime()) {
            open = null;
        }
        closed.addLast(candle);
        while (closed.size() > KEPT) {
            closed.removeFirst();
        }
    }

    /** The newest candle, open or closed; {@code null} before the first trade. */
    EventPayload.Candle latest() {
        return open != null ? open : closed.peekLast();
    }

    /** Every candle kept, oldest first, the open one last. */
    List<EventPayload.Candle> all() {
        List<EventPayload.Candle> all = new ArrayList<>(closed);
        if (open != null) {
            all.add(open);
        }
        return all;
    }

    /** The newest {@code limit} candles that opened at or before {@code endTime}, oldest first. */
    List<EventPayload.Candle> page(long endTime, int limit) {
        ArrayDeque<EventPayload.Candle> page = new ArrayDeque<>(Math.min(limit, KEPT + 1));
        if (open != null && open.openTime() <= endTime) {
            page.addFirst(open);
        }
        for (Iterator<EventPayload.Candle> it = closed.descendingIterator(); it.hasNext() && page.size() < limit; ) {
            EventPayload.Candle candle = it.next();
            if (candle.openTime() <= endTime) {
                page.addFirst(candle);
            }
        }
        return new ArrayList<>(page);
    }
}
