/**
 * How a node is put together: {@link io.tickwire.server.node.NodeContext}, the one assembly every
 * kind of node (a core, a gateway node, a relay) is built from and closed in reverse.
 */
package io.tickwire.server.node;
