package io.tickwire.server.gateway;

import java.time.Duration;

/**
 * Network limits of the gateway.
 *
 * @param port                   TCP port; 0 picks a free one
 * @param maxFrameBytes          largest WebSocket message accepted (larger: close 1009)
 * @param maxQueuedBytes         bytes queued for one slow client before it is closed with 4008
 * @param messagesPerSecond      messages a connection may send per second (a burst of the same
 *                               size is allowed); beyond it: {@code rate_limited}, then 4029
 * @param maxSubscriptions       subscriptions per connection
 * @param maxConnectionsPerUser  authenticated connections per user
 * @param maxConnections         connections in total
 * @param pingInterval           the server sends a WebSocket ping this often ...
 * @param idleTimeout            ... and closes a connection from which nothing arrived for this long
 * @param restRequestsPerSecond  REST requests per second per client address (a burst of the same
 *                               size is allowed); beyond it: HTTP 429 {@code rate_limited}
 */
public record GatewayConfig(int port, int maxFrameBytes, long maxQueuedBytes, int messagesPerSecond,
                            int maxSubscriptions, int maxConnectionsPerUser, int maxConnections,
                            Duration pingInterval, Duration idleTimeout, int restRequestsPerSecond) {

    public static GatewayConfig defaults(int port) {
        return new GatewayConfig(port, 64 * 1024, 8L << 20, 100, 100, 20, 50_000, Duration.ofSeconds(20),
                Duration.ofSeconds(60), 200);
    }

    public GatewayConfig withMessagesPerSecond(int value) {
        return new GatewayConfig(port, maxFrameBytes, maxQueuedBytes, value, maxSubscriptions, maxConnectionsPerUser,
                maxConnections, pingInterval, idleTimeout, restRequestsPerSecond);
    }

    public GatewayConfig withConnectionLimits(int perUser, int total) {
        return new GatewayConfig(port, maxFrameBytes, maxQueuedBytes, messagesPerSecond, maxSubscriptions, perUser,
                total, pingInterval, idleTimeout, restRequestsPerSecond);
    }

    public GatewayConfig withHeartbeat(Duration ping, Duration idle) {
        return new GatewayConfig(port, maxFrameBytes, maxQueuedBytes, messagesPerSecond, maxSubscriptions,
                maxConnectionsPerUser, maxConnections, ping, idle, restRequestsPerSecond);
    }

    public GatewayConfig withRestRequestsPerSecond(int value) {
        return new GatewayConfig(port, maxFrameBytes, maxQueuedBytes, messagesPerSecond, maxSubscriptions,
                maxConnectionsPerUser, maxConnections, pingInterval, idleTimeout, value);
    }
}
