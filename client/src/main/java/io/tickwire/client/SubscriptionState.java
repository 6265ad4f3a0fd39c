package io.tickwire.client;

/**
 * Where a {@link Subscription} stands ({@link Subscription#state()}); tickwire.js's
 * {@code SubscriptionState} has the same words in lower case.
 */
public enum SubscriptionState {
    /**
     * Not live yet, or not again: waiting for a connection, the server's answer or, for a book or
     * the account, a snapshot; after a reconnect, resuming; a book resyncing from a fresh snapshot.
     */
    SUBSCRIBING,
    /** Live: the server confirmed it and, for a book or the account, its local state reflects the venue. */
    SUBSCRIBED,
    /** Over: closed, or refused by the server for good ({@link Subscription#refusal()} says why). */
    UNSUBSCRIBED
}
