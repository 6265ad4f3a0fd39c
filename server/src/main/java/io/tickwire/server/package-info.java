/**
 * The server: {@link io.tickwire.server.TickwireServer} wires the running trading core ({@code core}: the engine behind
 * its sequencer and journal), the hub that fans durable events out ({@code hub}), the Netty gateway that speaks
 * WebSocket and REST ({@code gateway}), authentication ({@code auth}), configuration ({@code config}), metrics and the
 * demo market ({@code demo}).
 */
package io.tickwire.server;
