package io.tickwire.server.hub;

import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Topic;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * One stream as the hub keeps it: its head, its mirror (book or account), its shared frames, and
 * who follows it, directly or through which delivery. Hub thread only.
 */
final class HubStream {
    final String name;
    final Topic topic;
    final StreamKey key;
    /** Every live subscriber, whoever delivers to it. */
    final List<Session> subscribers = new ArrayList<>();
    /** The subscribers without a delivery: the hub sends them each frame itself. */
    final List<Session> direct = new ArrayList<>();
    /** The deliveries with at least one subscriber here, and how many each has. */
    final List<Delivery> deliveries = new ArrayList<>();
    final IdentityHashMap<Delivery, int[]> deliveryCounts = new IdentityHashMap<>();
    /** Book subscribers whose deltas were dropped: they get a snapshot once they catch up. */
    final List<Session> lagging = new ArrayList<>();
    long lastSeq;
    long lastTs;
    BookMirror book;
    AccountMirror account;
    /** A candle topic's candles. */
    CandleMirror candles;
    /** A ticker topic's current ticker; {@code null} until its first event. */
    EventPayload.Ticker ticker;
    /** Public streams only: an account stream has one reader, so there is nothing to share. */
    FrameRing frames;

    HubStream(String name, Topic topic, int id) {
        this.name = name;
        this.topic = topic;
        this.key = new StreamKey(id, topic, topic instanceof Topic.Book);
    }
}
