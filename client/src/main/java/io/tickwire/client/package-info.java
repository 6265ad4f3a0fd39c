/**
 * The Java SDK: a reconnecting WebSocket client with lossless resume. Depends on the protocol module and the JDK only.
 * Filled by the SDK issue.
 */
package io.tickwire.client;
