/**
 * What the engine yields while it processes a command, on the sequencer thread: the
 * {@link io.tickwire.engine.event.EngineEventSink} callbacks (order updates, trades, balances, book changes, receipts),
 * the views they carry, and their translation to wire payloads.
 */
package io.tickwire.engine.event;
