package io.tickwire.server.hub;

import io.tickwire.journal.EventHistory;
import java.util.List;

/**
 * The epochs before the current one that a node still holds, so that a cursor of one goes on
 * where it was rather than start again in the current epoch: a capture relay starts an epoch at
 * every reconnect, and its pollers and subscribers must not lose what it journaled in the epoch
 * they were in. A core or a gateway has one epoch: {@link #NONE}.
 *
 * <p>Its reads may touch the disk: call it off the hub thread and off event loops.
 */
public interface OlderEpochs {

    /** A node that serves its current epoch only. */
    OlderEpochs NONE = (epoch, current) -> null;

    /**
     * Where a cursor of {@code epoch}, which is not {@code current}, goes on: the older epochs held
     * from {@code epoch} on, oldest first, before {@code current} (which is not among them). The
     * first is {@code epoch} itself when it is held; when retention deleted it, the list starts at
     * the first held epoch after it (maybe none), and what the cursor had after it is a gap.
     *
     * @return {@code null} when {@code epoch} is not known to come before {@code current} (another
     *         node's, say): the cursor cannot be placed, and is answered as of another epoch
     */
    List<EventHistory> from(String epoch, String current);
}
