/**
 * Order books per market: price levels in price-time priority, one writer (the sequencer thread).
 */
package io.tickwire.engine.book;
