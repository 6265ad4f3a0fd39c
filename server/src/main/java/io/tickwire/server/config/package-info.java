/** The server's configuration: a YAML file read strictly, with embedded defaults for every key. */
package io.tickwire.server.config;
