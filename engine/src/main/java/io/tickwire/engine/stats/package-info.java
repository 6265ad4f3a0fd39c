/**
 * Market statistics derived from the engine's trades and books: the rolling 24 h ticker and the
 * candles of every interval. They are engine state (in its snapshots, rebuilt by replay) and change
 * only on the engine's thread, by the engine's clock, so a replay yields the same events.
 */
package io.tickwire.engine.stats;
