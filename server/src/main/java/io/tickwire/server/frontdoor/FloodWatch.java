package io.tickwire.server.frontdoor;

/**
 * What a connection's rate-limit refusals lead to. Refusals are counted over a sliding window of
 * {@value #WINDOW_SECONDS} s, not in a row: a token that refills lets one message through, and a
 * count of refusals in a row that it reset let a flooding client go on for ever (a burst of 400
 * messages at 100 per second got about 300 {@code rate_limited} answers and no close). More than
 * {@code closeAfter} refusals in the window close the connection (4029).
 *
 * <p>Answers are bounded too: at most {@value #REPLIES_PER_SECOND} {@code rate_limited} errors per
 * second per connection, so that a flood costs the server no more writes than a polite client's
 * traffic; refusals beyond them are dropped silently (the client has been told, and is about to be
 * closed if it goes on). Not thread-safe: one per connection, on its event loop.
 */
final class FloodWatch {
    /** The window over which refusals count, in seconds. */
    static final int WINDOW_SECONDS = 10;
    /** {@code rate_limited} answers per second per connection at most. */
    static final int REPLIES_PER_SECOND = 10;
    private static final long SECOND = 1_000_000_000L;

    /** What to do with one refused message. */
    enum Verdict {
        /** Tell the client: a {@code rate_limited} error. */
        REPLY,
        /** Drop it without a word: this second's answers are spent. */
        SILENT,
        /** Close the connection with 4029: it went on flooding after being told. */
        CLOSE
    }

    private final int closeAfter;
    /** Refusals per second of the window, a ring indexed by the second (nanoTime / 1 s). */
    private final int[] counts = new int[WINDOW_SECONDS];
    private final long[] seconds = new long[WINDOW_SECONDS];
    private int inWindow;
    private long lastSecond = Long.MIN_VALUE;
    private long replySecond = Long.MIN_VALUE;
    private int replies;

    /** @param closeAfter refusals within the window that are still tolerated; one more closes */
    FloodWatch(int closeAfter) {
        if (closeAfter < 1) {
            throw new IllegalArgumentException("closeAfter must be at least 1, was " + closeAfter);
        }
        this.closeAfter = closeAfter;
    }

    /** Records one refused message at {@code nowNanos} (a monotonic clock) and says what to do with it. */
    Verdict refused(long nowNanos) {
        long second = Math.floorDiv(nowNanos, SECOND);
        expire(second);
        int slot = (int) Math.floorMod(second, (long) WINDOW_SECONDS);
        if (seconds[slot] != second) {
            seconds[slot] = second;
            counts[slot] = 0;
        }
        counts[slot]++;
        inWindow++;
        if (inWindow > closeAfter) {
            return Verdict.CLOSE;
        }
        if (second != replySecond) {
            replySecond = second;
            replies = 0;
        }
        return replies++ < REPLIES_PER_SECOND ? Verdict.REPLY : Verdict.SILENT;
    }

    /** Refusals counted in the window as of the last call (tests and diagnostics). */
    int inWindow() {
        return inWindow;
    }

    /** Forgets the seconds that left the window, {@code now - WINDOW_SECONDS} and before. */
    private void expire(long now) {
        if (now == lastSecond) {
            return;
        }
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            if (counts[i] != 0 && seconds[i] <= now - WINDOW_SECONDS) {
                inWindow -= counts[i];
                counts[i] = 0;
            }
        }
        lastSecond = now;
    }
}
