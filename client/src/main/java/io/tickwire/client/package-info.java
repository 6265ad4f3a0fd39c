/**
 * The Java SDK: {@link io.tickwire.client.TickwireClient}, a reconnecting WebSocket client with lossless resume, local
 * books that check themselves, an account mirror and orders tracked to their outcome. Depends on the protocol and
 * codec modules (and so Jackson) and the JDK. docs/sdk.md is its guide.
 *
 * <p>The API: {@code TickwireClient} and its builder; one {@link io.tickwire.client.TickwireListener}
 * for the connection's state, its session events and the order commands' lifecycle; what
 * {@code subscribe} returns ({@link io.tickwire.client.Subscription}, {@link io.tickwire.client.BookSubscription}
 * with its local book, {@link io.tickwire.client.AccountSubscription} with its account mirror), each with
 * its own callback; and the order commands of {@link io.tickwire.client.order}.
 *
 * <p>Inside: {@code TickwireClient} is the API; one loop thread ({@code ClientLoop}) runs the
 * connection ({@code Connection}, with {@code SocketReader} on the socket's thread), the
 * subscriptions ({@code StreamSync}: resume, holes, lag, local books and the account mirror) and
 * the order commands ({@code CommandTracker}: ack, receipt, reconciliation).
 */
package io.tickwire.client;
