/**
 * The recent events of each stream, in memory, for resumes that need no disk read.
 */
package io.tickwire.journal.history;
