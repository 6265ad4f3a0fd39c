/**
 * The core's side of scale-out: {@link io.tickwire.nats.publish.JetStreamPublisher} (the proxy the
 * journal writer hands durable batches to) and its agent thread, which publishes them to a
 * JetStream stream it creates, deduplicated by message id, and catches the stream up from the
 * journal after NATS was away.
 */
package io.tickwire.nats.publish;
