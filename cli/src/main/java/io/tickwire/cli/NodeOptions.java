package io.tickwire.cli;

import io.tickwire.server.config.ConfigException;
import io.tickwire.server.config.NodeKind;
import io.tickwire.server.config.ServerConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a node's configuration comes from (a picocli mixin of {@code serve}, {@code gateway} and
 * {@code relay}): the file every node kind reads, and the port and data directory that win over
 * it when given.
 */
final class NodeOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration file, the format every node kind reads (see docs/server.md).")
    Path config;

    @Option(names = "--port", description = "Port to listen on (default: the config's port, else 8080; a relay's"
            + " 8090).")
    Integer port;

    @Option(names = "--data", paramLabel = "DIR", description = "The node's directory, locked so that one node runs"
            + " per directory (default: the config's data, else ./data, ./data-gateway or ./data-relay).")
    Path data;

    /**
     * The configuration of a node of {@code kind}: the file's (or the defaults), with these options
     * and {@code host} (when not null) over it.
     *
     * @throws ConfigException naming the key or option that is wrong
     */
    ServerConfig load(NodeKind kind, String host) throws ConfigException {
        if (port != null && (port < 0 || port > 65535)) {
            throw new ConfigException("--port: must be 0 to 65535, was " + port);
        }
        return ServerConfig.load(kind, config, port, data, host);
    }
}
