/**
 * The server: the hub (per-topic streams, history, fan-out), the Netty gateway (WebSocket, REST, auth), metrics, and
 * the wiring that starts it all. Filled by the gateway issue.
 */
package io.tickwire.server;
