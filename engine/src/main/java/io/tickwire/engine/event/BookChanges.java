package io.tickwire.engine.event;

import io.tickwire.protocol.message.Side;

/**
 * The net level changes one command made to one book: each level's new absolute quantity,
 * 0 for a removed level. Valid only during the callback that hands it out.
 */
public interface BookChanges {
    int size();

    Side side(int index);

    /** At the market's price scale. */
    long price(int index);

    /** At the market's qty scale; 0 removes the level. */
    long qty(int index);
}
