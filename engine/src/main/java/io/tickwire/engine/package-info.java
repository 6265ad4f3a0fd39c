/**
 * The matching engine: order books and matching, accounts and settlement, and the single-threaded sequencer that owns
 * them. Pure logic: no I/O, no threads other than the sequencer's; the server journals and publishes what it yields.
 */
package io.tickwire.engine;
