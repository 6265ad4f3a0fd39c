/**
 * What the engine is asked to do: the {@link io.tickwire.engine.command.Command} records the sequencer takes in
 * order, and their compact binary encoding in the journal, which recovery replays.
 */
package io.tickwire.engine.command;
