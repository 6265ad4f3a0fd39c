package io.tickwire.server.gateway;

/**
 * Network limits of the gateway.
 *
 * @param port            TCP port; 0 picks a free one
 * @param maxFrameBytes   largest WebSocket message accepted (larger: close 1009)
 * @param maxQueuedBytes  bytes queued for one slow client before it is closed with 4008
 */
public record GatewayConfig(int port, int maxFrameBytes, long maxQueuedBytes) {

    public static GatewayConfig defaults(int port) {
        return new GatewayConfig(port, 64 * 1024, 8L << 20);
    }
}
