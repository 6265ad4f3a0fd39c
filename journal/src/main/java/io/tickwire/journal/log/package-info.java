/**
 * Segments and records: append with group commit and a single force per batch; read from (topic, seq).
 */
package io.tickwire.journal.log;
