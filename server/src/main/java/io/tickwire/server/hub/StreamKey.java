package io.tickwire.server.hub;

import io.tickwire.protocol.message.Topic;

/**
 * A stream as deliveries know it: a dense id (for arrays indexed by stream), the topic it is sent
 * as, and whether a lagging subscriber is conflated (a book: its deltas may be dropped for a
 * fresh snapshot) rather than cut. Made once by the hub per stream; immutable, any thread.
 *
 * @param id        dense, from 0, unique within one hub
 * @param topic     the topic clients see
 * @param conflates true for book streams
 */
public record StreamKey(int id, Topic topic, boolean conflates) {
}
