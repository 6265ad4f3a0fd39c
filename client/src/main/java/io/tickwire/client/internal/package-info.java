/**
 * Not API: the SDK's own implementations of the read-only views it hands out ({@code BookReplica}
 * behind {@link io.tickwire.client.book.LocalBook}, {@code AccountReplica} behind
 * {@link io.tickwire.client.account.AccountMirror}), which only the client's loop changes. Public
 * only because the client's packages need them; they may change in any release.
 */
package io.tickwire.client.internal;
