/**
 * The hub: where durable batches become what clients see. One thread owns it.
 *
 * <ul>
 *   <li>{@link io.tickwire.server.hub.Hub}: the proxy other threads call (the journal writer hands
 *       it batches; network threads subscribe, register receipts and read durable state; event
 *       loops report lagging sessions). Every call queues work and returns at once.</li>
 *   <li>{@code HubAgent}: what runs on the hub thread. It holds each stream's head and its book or
 *       account mirror ({@code HubStream}, {@code BookMirror}, {@code AccountMirror}), frames each
 *       event once, answers subscriptions and resumes, and hands each batch to each
 *       {@link io.tickwire.server.hub.Delivery} once, as one {@link io.tickwire.server.hub.FanoutBatch}.</li>
 *   <li>{@link io.tickwire.server.hub.Delivery} and {@link io.tickwire.server.hub.Session}: what
 *       the hub needs of the gateway's event loops and connections. It never waits on a socket.</li>
 * </ul>
 *
 * A resume older than the memory history is read from the journal's segments on the replay
 * reader thread, and joins the live stream back on the hub thread.
 */
package io.tickwire.server.hub;
