/**
 * Recovery at start: latest engine snapshot, replay, and cutting the tail at the first torn or corrupt record.
 */
package io.tickwire.journal.recovery;
