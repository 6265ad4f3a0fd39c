/**
 * Order books per market and the accounts that own their orders: price levels in price-time
 * priority, each resting order and its owner's account (balances per user and asset, available
 * and frozen, as fixed-point longs; freezing, settling fills and charging fees). An order and its
 * account refer to each other, so they live in one package. One writer: the sequencer thread.
 */
package io.tickwire.engine.book;
