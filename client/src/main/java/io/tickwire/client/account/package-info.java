/**
 * The account mirror: balances and open orders from the account stream.
 */
package io.tickwire.client.account;
