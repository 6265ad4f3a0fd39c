/**
 * Micrometer meters exported in Prometheus text at /metrics.
 */
package io.tickwire.server.metrics;
