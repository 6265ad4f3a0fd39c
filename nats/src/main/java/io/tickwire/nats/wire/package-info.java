/**
 * The batch as it travels on JetStream: {@link io.tickwire.nats.wire.BatchFrame} (the binary body,
 * the headers, the message id that makes JetStream drop a re-publish, the cut into parts) and
 * {@link io.tickwire.nats.wire.PartAssembler}, which puts a cut batch back together for a reader.
 */
package io.tickwire.nats.wire;
