/**
 * The sequencer: one thread draining a bounded multi-producer command queue in batches; deterministic.
 */
package io.tickwire.engine.sequencer;
