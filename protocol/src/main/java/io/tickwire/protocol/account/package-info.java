/**
 * The account stream folded into state: {@link io.tickwire.protocol.account.AccountState}, shared by
 * the server's mirror and the SDK's.
 */
package io.tickwire.protocol.account;
