/**
 * The Netty gateway: WebSocket and REST on one port, over TLS when configured.
 *
 * <ul>
 *   <li>{@link io.tickwire.server.gateway.Gateway}: binds the port (before recovery), then accepts.</li>
 *   <li>{@code GatewayPipeline}: every connection's handlers, in order; {@code GatewayContext}: what
 *       they share.</li>
 *   <li>{@code HttpHandler}: the gate in front of the upgrade, and REST handed to the {@code rest} package;
 *       {@code FrameGate}, {@code WsHandler}: the WebSocket side (rate limit, messages, auth, close).</li>
 *   <li>{@code LoopOutbox}: one per event loop, the hub's {@link io.tickwire.server.hub.Delivery}:
 *       it takes each durable batch once and writes it to the loop's subscribers;
 *       {@code WsSession}: one connection, its backlog and its close.</li>
 * </ul>
 */
package io.tickwire.server.gateway;
