/**
 * Benchmarks: JMH suites ({@code jmh}), single-process load runs ({@code load}) and the WebSocket load generator
 * behind {@code tickwire bench} ({@code ws}). docs/performance.md gives the command for every figure.
 */
package io.tickwire.bench;
