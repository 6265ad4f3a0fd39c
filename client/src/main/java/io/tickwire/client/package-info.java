/**
 * The Java SDK: {@link io.tickwire.client.TickwireClient}, a reconnecting WebSocket client with lossless resume, local
 * books that check themselves, an account mirror and orders tracked to their outcome. Depends on the protocol module
 * and the JDK only. docs/sdk.md is its guide.
 */
package io.tickwire.client;
