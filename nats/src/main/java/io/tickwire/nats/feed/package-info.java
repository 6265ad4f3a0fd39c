/**
 * A node's reading side of scale-out: {@link io.tickwire.nats.feed.JetStreamFeed} reads a core's
 * batches from JetStream in order, each once, with one consumer per node.
 */
package io.tickwire.nats.feed;
