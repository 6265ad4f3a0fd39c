/**
 * Exact decimals: prices, quantities and balances as fixed-point {@code long}s, never {@code double}, to and from the
 * canonical decimal strings of the wire.
 */
package io.tickwire.protocol.decimal;
