package io.tickwire.engine.match;

import io.tickwire.engine.book.OrderBook;
import io.tickwire.engine.book.PriceLevel;
import io.tickwire.engine.event.EngineEventSink;
import io.tickwire.engine.stats.MarketStatistics;
import io.tickwire.protocol.message.Side;

/**
 * The command being applied, as every step of the engine sees it: its engine time, the sink its
 * events go to, and what it changed so far (orders, balances, book levels), each reported once.
 * One per engine, reused from command to command; the engine's thread only.
 */
final class CommandContext {
    /** The orders and balances the command touched. */
    final CommandReport report = new CommandReport();
    /** The book levels the command touched, for its {@code book.delta}. */
    final TouchedLevels touchedLevels = new TouchedLevels();
    private final MarketStatistics statistics;
    /** The command's engine time, ms. */
    long ts;
    /** Where the command's events go; {@code null} between commands. */
    EngineEventSink events;

    CommandContext(MarketStatistics statistics) {
        this.statistics = statistics;
    }

    /** A command begins at engine time {@code ts}. */
    void begin(long ts, EngineEventSink events) {
        this.ts = ts;
        this.events = events;
        restart();
    }

    /**
     * Nothing touched yet: a new command, or the next part of one that reports in parts (each
     * order of a batch, each market of a cancel-all).
     */
    void restart() {
        report.begin();
        touchedLevels.reset();
    }

    /** A level of {@code book} changes: it goes in the command's delta, and the ticker may move. */
    void touch(OrderBook book, Side side, PriceLevel level) {
        touchedLevels.touch(book, side, level);
        statistics.bookChanged(book.market());
    }

    /** Reports what changed since the last {@link #restart}: order states, balances, the book's delta. */
    void flush() {
        report.flush(events, touchedLevels);
    }

    /** The command is done. */
    void end() {
        events = null;
    }
}
