package io.tickwire.server.core;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tickwire.engine.command.Command;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Commands by type and outcome, for {@code tickwire_commands_total}. {@link #processed} runs on
 * the sequencer thread alone, so each count has one writer and is bumped with a release store,
 * no read-modify-write; {@link #refused} counts commands the core turned away when its queue was
 * full (any thread, atomically). Read from any thread.
 */
public final class CommandCounters implements MeterBinder {
    /** The command types, as the metric's {@code type} label writes them. */
    public enum Type {
        PLACE, CANCEL, AMEND, DEPOSIT, WITHDRAW, CANCEL_ALL, PLACE_BATCH, CANCEL_ALL_AFTER, DEAD_MAN_SWITCH,
        CANCEL_ON_DISCONNECT, TICK;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Type of(Command command) {
            return switch (command) {
                case Command.Place p -> PLACE;
                case Command.Cancel c -> CANCEL;
                case Command.Amend a -> AMEND;
                case Command.Deposit d -> DEPOSIT;
                case Command.Withdraw w -> WITHDRAW;
                case Command.CancelAll c -> CANCEL_ALL;
                case Command.PlaceBatch b -> PLACE_BATCH;
                case Command.CancelAllAfter c -> CANCEL_ALL_AFTER;
                case Command.FireCancelAllAfter f -> DEAD_MAN_SWITCH;
                case Command.CancelDisconnected c -> CANCEL_ON_DISCONNECT;
                case Command.Tick t -> TICK;
            };
        }
    }

    /** What became of a command, as the metric's {@code outcome} label writes it. */
    public enum Outcome {
        ACCEPTED, REJECTED, BUSY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final AtomicLongArray counts = new AtomicLongArray(Type.values().length * Outcome.values().length);

    /** Sequencer thread only: the engine decided {@code command}. */
    void processed(Command command, boolean accepted) {
        int i = index(Type.of(command), accepted ? Outcome.ACCEPTED : Outcome.REJECTED);
        counts.lazySet(i, counts.get(i) + 1);
    }

    /** Any thread: the core refused {@code command} because its queue was full. */
    void refused(Command command) {
        counts.incrementAndGet(index(Type.of(command), Outcome.BUSY));
    }

    /** The count so far. */
    public long count(Type type, Outcome outcome) {
        return counts.get(index(type, outcome));
    }

    /** Registers {@code tickwire_commands_total}, by type and outcome, read when scraped. */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (Type type : Type.values()) {
            for (Outcome outcome : Outcome.values()) {
                FunctionCounter.builder("tickwire.commands", this, c -> c.count(type, outcome))
                        .tag("type", type.label()).tag("outcome", outcome.label())
                        .description("commands by type and outcome (busy: refused, the sequencer's queue was full)")
                        .register(registry);
            }
        }
    }

    private static int index(Type type, Outcome outcome) {
        return type.ordinal() * Outcome.values().length + outcome.ordinal();
    }
}
