/**
 * The front door of every node: Netty's WebSocket and REST on one port, over TLS when configured.
 * (A gateway is a kind of node, {@code tickwire gateway}; every kind has a front door.)
 *
 * <ul>
 *   <li>{@link io.tickwire.server.frontdoor.FrontDoor}: binds the port (before recovery), then accepts.</li>
 *   <li>{@code FrontDoorPipeline}: every connection's handlers, in order; {@code FrontDoorContext}: what
 *       they share.</li>
 *   <li>{@code HttpHandler}: the gate in front of the upgrade, and REST handed to the {@code rest} package;
 *       {@code FrameGate}, {@code WsHandler}: the WebSocket side (rate limit, messages, auth, close).</li>
 *   <li>{@code LoopOutbox}: one per event loop, the hub's {@link io.tickwire.server.hub.Delivery}:
 *       it takes each durable batch once and writes it to the loop's subscribers;
 *       {@code WsSession}: one connection, its backlog and its close.</li>
 * </ul>
 */
package io.tickwire.server.frontdoor;
