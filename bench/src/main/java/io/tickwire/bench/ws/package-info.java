/**
 * The WebSocket load generator: many real connections ({@link io.tickwire.bench.ws.LoadClients}),
 * the transport's ceiling ({@link io.tickwire.bench.ws.CeilingServer}) and the scenarios that
 * measure Tickwire against it in the same run.
 */
package io.tickwire.bench.ws;
