/**
 * Benchmarks: JMH suites and the WebSocket load generator. Filled by the benchmarks issue.
 */
package io.tickwire.bench;
