/**
 * The durable event log: segmented, append-only, CRC32C per record, one writer thread with group commit; reads from a
 * cursor; retention; recovery. Filled by the trading-core issue.
 */
package io.tickwire.journal;
