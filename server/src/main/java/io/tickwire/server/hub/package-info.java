/**
 * The hub: appends committed events to in-memory history rings and enqueues each event's bytes, encoded once, to every subscribed session. Never blocks on a socket.
 */
package io.tickwire.server.hub;
