/**
 * The trading core as a running service: the sequencer thread over the matching engine, the
 * journal that makes each batch durable before anything is released, engine snapshots, and
 * recovery (latest snapshot, then replay of the journal's later batches).
 */
package io.tickwire.server.core;
