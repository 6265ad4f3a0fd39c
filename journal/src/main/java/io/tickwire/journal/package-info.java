/**
 * The durable event log: segmented, append-only, CRC32C per record, one writer thread with group commit; reads from a
 * cursor; retention; recovery; the data directory's lock. Depends on nothing of Tickwire: records carry bytes.
 */
package io.tickwire.journal;
