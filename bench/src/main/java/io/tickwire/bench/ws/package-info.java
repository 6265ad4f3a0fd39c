/**
 * The WebSocket load generator behind {@code tickwire bench}: the scenarios ({@link
 * io.tickwire.bench.ws.FanoutScenario}, {@link io.tickwire.bench.ws.OrdersScenario}, {@link
 * io.tickwire.bench.ws.IdleScenario}, {@link io.tickwire.bench.ws.ResumeScenario}), the
 * connections that drive them ({@link io.tickwire.bench.ws.LoadClients}), the server under test in
 * its own JVM ({@link io.tickwire.bench.ws.BenchServer}, {@link io.tickwire.bench.ws.ServerProcess},
 * read through {@link io.tickwire.bench.ws.ProcStats}), the transport's ceiling ({@link
 * io.tickwire.bench.ws.CeilingServer}) and the results ({@link io.tickwire.bench.ws.Report}).
 */
package io.tickwire.bench.ws;
