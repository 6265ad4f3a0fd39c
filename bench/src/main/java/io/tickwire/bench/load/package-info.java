/**
 * The WebSocket load generator and the bare-Netty ceiling server.
 */
package io.tickwire.bench.load;
