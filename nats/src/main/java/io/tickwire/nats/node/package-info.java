/**
 * A gateway node ({@link io.tickwire.nats.node.GatewayNode}): the hub and the Netty gateway without
 * an engine, started from the core's state and fed from JetStream, serving the core's streams with
 * the same epochs and seqs.
 */
package io.tickwire.nats.node;
