/**
 * Engine snapshots on disk, written atomically, from which recovery starts before it replays the journal.
 */
package io.tickwire.journal.snapshot;
