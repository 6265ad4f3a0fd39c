/**
 * The trading core: order books and matching, accounts and settlement, and the single-threaded sequencer that owns
 * them. Filled by the trading-core issue.
 */
package io.tickwire.engine;
