/**
 * The Netty pipeline: WebSocket sessions, subscriptions and resume, orders over WebSocket, the REST API, limits and slow-consumer handling.
 */
package io.tickwire.server.gateway;
