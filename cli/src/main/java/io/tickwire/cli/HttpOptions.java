package io.tickwire.cli;

import io.tickwire.server.gateway.GatewayConfig;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of a node's HTTP side that {@code gateway} and {@code relay} share (a picocli
 * mixin): the address it binds and the origins whose pages may call its REST.
 */
final class HttpOptions {
    @Option(names = "--host", defaultValue = GatewayConfig.LOOPBACK,
            description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--cors-origin", split = ",", paramLabel = "ORIGIN",
            description = "Origins (https://app.example.com, or *) whose pages may call the REST API from a browser;"
                    + " several, comma-separated (default: none but the node's own, the console's).")
    List<String> corsOrigins = List.of();

    /** The gateway's defaults on {@code port} with these options; a bad origin is an IllegalArgumentException. */
    GatewayConfig gateway(int port) {
        try {
            return GatewayConfig.defaults(port).withHost(host).withCorsOrigins(corsOrigins);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cors-origin: " + e.getMessage(), e);
        }
    }
}
