package io.tickwire.engine.match;

import io.tickwire.engine.command.Command;
import io.tickwire.protocol.message.CancelReason;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.RejectCode;
import java.util.SortedMap;
import java.util.TreeMap;
import org.agrona.collections.Long2LongHashMap;

/**
 * Each user's dead man's switch ({@code order.cancel_all_after}): armed and disarmed by the
 * user's command, fired by the core's {@code FireCancelAllAfter} once the engine's clock passes
 * the time it was armed for. The switches are engine state (in its snapshots), so a replay fires
 * the same ones. The engine's thread only, inside a command of {@link MatchingEngine}.
 */
final class DeadManSwitches {
    private static final long MIN_TIMEOUT_MS = ClientMessage.OrderCancelAllAfter.MIN_TIMEOUT_MS;
    private static final long MAX_TIMEOUT_MS = ClientMessage.OrderCancelAllAfter.MAX_TIMEOUT_MS;

    /** Each user's armed switch: when it fires, by the engine's clock. */
    private final Long2LongHashMap armed = new Long2LongHashMap(0);
    private final CommandContext current;
    private final OrderCancels cancels;

    DeadManSwitches(CommandContext current, OrderCancels cancels) {
        this.current = current;
        this.cancels = cancels;
    }

    /** The armed switches, for the snapshot codec. */
    Long2LongHashMap map() {
        return armed;
    }

    /** The armed switches: user id to the engine time it fires at, by user id. */
    SortedMap<Long, Long> sorted() {
        SortedMap<Long, Long> sorted = new TreeMap<>();
        armed.forEach(sorted::put);
        return sorted;
    }

    /** Arms the user's switch {@code timeoutMs} from now, or disarms it (0). */
    void arm(Command.CancelAllAfter c) {
        long timeout = c.timeoutMs();
        if (timeout == 0) {
            armed.remove(c.userId());
            current.events.cancelAllAfter(c, 0);
            return;
        }
        if (timeout < MIN_TIMEOUT_MS || timeout > MAX_TIMEOUT_MS) {
            throw new Rejection(RejectCode.BAD_REQUEST, "timeout_ms must be 0 (disarm) or " + MIN_TIMEOUT_MS
                    + " to " + MAX_TIMEOUT_MS);
        }
        long triggerAt = current.ts + timeout;
        armed.put(c.userId(), triggerAt);
        current.events.cancelAllAfter(c, triggerAt);
    }

    /**
     * Fires only if the switch is still armed for that time: a re-arm or disarm sequenced before
     * this command wins, and the timer's late fire of an old arming changes nothing.
     */
    void fire(Command.FireCancelAllAfter c) {
        if (armed.get(c.userId()) != c.triggerAt() || c.triggerAt() == 0) {
            throw new Rejection(RejectCode.ORDER_NOT_OPEN, "the switch is no longer armed for " + c.triggerAt());
        }
        armed.remove(c.userId());
        current.events.canceledAll(c, cancels.cancelOpenOrders(c.userId(), null, CancelReason.DEAD_MAN_SWITCH,
                order -> true));
    }
}
