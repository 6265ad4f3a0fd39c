/**
 * The Java SDK: {@link io.tickwire.client.TickwireClient}, a reconnecting WebSocket client with lossless resume, local
 * books that check themselves, an account mirror and orders tracked to their outcome. Depends on the protocol and
 * codec modules (and so Jackson) and the JDK. docs/sdk.md is its guide.
 *
 * <p>Inside: {@code TickwireClient} is the API; one loop thread ({@code ClientLoop}) runs the
 * connection ({@code Connection}, with {@code SocketReader} on the socket's thread), the
 * subscriptions ({@code StreamSync}: resume, holes, lag, local books and the account mirror) and
 * the order commands ({@code CommandTracker}: ack, receipt, reconciliation).
 */
package io.tickwire.client;
