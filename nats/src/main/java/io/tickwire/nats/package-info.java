/**
 * Tickwire on NATS JetStream, the scale-out of {@code docs/cluster.md}: {@code publish} (a core node
 * publishes its durable batches), {@code wire} (the batch on the stream), and the configuration
 * both sides share ({@link io.tickwire.nats.JetStreamConfig}).
 */
package io.tickwire.nats;
