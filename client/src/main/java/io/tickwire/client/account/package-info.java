/** The account mirror: balances and open orders from the account stream, with its holes reported. */
package io.tickwire.client.account;
