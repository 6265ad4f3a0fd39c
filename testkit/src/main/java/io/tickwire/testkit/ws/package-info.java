/**
 * WebSocket clients for tests against a real server: {@link io.tickwire.testkit.ws.WsTestClient}
 * decodes every frame with the product's codec and waits for the one a test names;
 * {@link io.tickwire.testkit.ws.RawWebSocket} writes frames byte by byte, to send what no
 * well-behaved client would (bad opcodes, oversized or unmasked frames).
 */
package io.tickwire.testkit.ws;
