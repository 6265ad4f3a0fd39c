package io.tickwire.client.order;

import io.tickwire.protocol.message.ClientMessage;
import java.time.Duration;
import java.util.Objects;

/**
 * The user's dead man's switch ({@code order.cancel_all_after}, protocol 1.1), immutable: armed,
 * the server cancels every open order of the user unless it is armed again within the timeout.
 *
 * <pre>{@code
 * client.cancelAllAfter(DeadMansSwitch.after(Duration.ofSeconds(60)));                   // once
 * client.cancelAllAfter(DeadMansSwitch.after(Duration.ofSeconds(60)).withAutoRefresh()); // kept armed
 * client.cancelAllAfter(DeadMansSwitch.disarmed());
 * }</pre>
 *
 * With {@link #withAutoRefresh()} the client re-arms it every third of the timeout while connected,
 * and at once after every reconnect, until it is set again: the orders are then pulled when this
 * client has been away from the server for longer than the timeout. Without it, arming again is
 * the caller's (from its own health check, say).
 */
public final class DeadMansSwitch {
    private static final DeadMansSwitch DISARMED = new DeadMansSwitch(Duration.ZERO, false);

    private final Duration timeout;
    private final boolean autoRefresh;

    private DeadMansSwitch(Duration timeout, boolean autoRefresh) {
        this.timeout = timeout;
        this.autoRefresh = autoRefresh;
    }

    /**
     * Armed: the user's orders are canceled {@code timeout} from now unless armed again first.
     *
     * @throws IllegalArgumentException unless {@code timeout} is 1 s to 10 min
     */
    public static DeadMansSwitch after(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long ms = timeout.toMillis();
        if (ms < ClientMessage.OrderCancelAllAfter.MIN_TIMEOUT_MS
                || ms > ClientMessage.OrderCancelAllAfter.MAX_TIMEOUT_MS) {
            throw new IllegalArgumentException("a dead man's switch fires after 1 s to 10 min, not " + timeout
                    + " (DeadMansSwitch.disarmed() turns it off)");
        }
        return new DeadMansSwitch(timeout, false);
    }

    /** Off: the server cancels nothing (and the client stops any auto-refresh). */
    public static DeadMansSwitch disarmed() {
        return DISARMED;
    }

    /**
     * The same switch, re-armed by the client every third of the timeout while connected and at once
     * after each reconnect.
     *
     * @throws IllegalStateException on {@link #disarmed()}: there is nothing to keep armed
     */
    public DeadMansSwitch withAutoRefresh() {
        if (!isArmed()) {
            throw new IllegalStateException("a disarmed switch has nothing to refresh");
        }
        return new DeadMansSwitch(timeout, true);
    }

    /** Whether this arms the switch (false: it disarms it). */
    public boolean isArmed() {
        return !timeout.isZero();
    }

    /** How long after arming it fires; zero when disarmed. */
    public Duration timeout() {
        return timeout;
    }

    /** Whether the client keeps it armed ({@link #withAutoRefresh()}). */
    public boolean autoRefresh() {
        return autoRefresh;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadMansSwitch other && timeout.equals(other.timeout) && autoRefresh == other.autoRefresh;
    }

    @Override
    public int hashCode() {
        return timeout.hashCode() * 31 + Boolean.hashCode(autoRefresh);
    }

    @Override
    public String toString() {
        return !isArmed() ? "DeadMansSwitch.disarmed()"
                : "DeadMansSwitch.after(" + timeout + ")" + (autoRefresh ? ".withAutoRefresh()" : "");
    }
}
