/**
 * What a node reports about itself ({@link io.tickwire.server.status.NodeStatus}): each kind of
 * node gives its own to its front door, which shows it on {@code /health} and the status pages.
 */
package io.tickwire.server.status;
