/**
 * How a relay stands with its source, whichever it is (a captured feed, a followed node): the
 * connection's state ({@link io.tickwire.relay.upstream.UpstreamStatus}) and the relay's meters
 * ({@link io.tickwire.relay.upstream.RelayMetrics}).
 */
package io.tickwire.relay.upstream;
