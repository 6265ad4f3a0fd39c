/**
 * A child JVM a test starts, reads and kills with {@code SIGKILL}
 * ({@link io.tickwire.testkit.process.KillableChild}): crash tests of the journal and the server.
 */
package io.tickwire.testkit.process;
