package io.tickwire.cli;

import io.tickwire.server.frontdoor.FrontDoorConfig;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of a node's HTTP side that {@code serve}, {@code gateway} and {@code relay} share
 * (a picocli mixin): the address it binds and the origins whose pages may call its REST. Each
 * wins over the configuration file's key when given.
 */
final class HttpOptions {
    @Option(names = "--host", description = "Address to bind (default: the config's host, else 127.0.0.1; "
            + "0.0.0.0 for every interface).")
    String host;

    @Option(names = "--cors-origin", split = ",", paramLabel = "ORIGIN",
            description = "Origins (https://app.example.com, or *) whose pages may call the REST API from a browser;"
                    + " several, comma-separated (default: the config's cors_allowed_origins, else none but the"
                    + " node's own, the console's).")
    List<String> corsOrigins;

    /** {@code base} (the configuration file's) with these options over it; a bad origin: IllegalArgumentException. */
    FrontDoorConfig over(FrontDoorConfig base) {
        try {
            return corsOrigins == null ? base : base.withCorsOrigins(corsOrigins);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cors-origin: " + e.getMessage(), e);
        }
    }
}
