/**
 * In-process latency runs of the core: the journal from {@code append} to release, and the
 * sequencer plus journal from command to durable receipt, at fixed rates.
 */
package io.tickwire.bench.load;
