/**
 * Real NATS servers for tests: {@link io.tickwire.testkit.nats.NatsServer} runs {@code nats-server}
 * with JetStream as a child process on loopback, alone or as a cluster, and kills and restarts it.
 */
package io.tickwire.testkit.nats;
