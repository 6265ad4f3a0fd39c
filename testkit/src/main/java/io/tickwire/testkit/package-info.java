/**
 * What the modules' tests share, as a module of its own so that the journal, server, SDK and CLI
 * tests use one copy: {@code process} (a child JVM a test can kill mid-write), {@code ws} (WebSocket
 * clients that speak to a real server), {@code net} (a TCP proxy that cuts or swallows traffic),
 * {@code nats} (a real {@code nats-server} with JetStream, alone or as a cluster).
 *
 * <p>The server-starting JUnit extension is not here: it needs the server, whose own tests need
 * this module, and Maven refuses that cycle. It ships in the server's test jar instead
 * ({@code io.tickwire.server.TestServers}, {@code io.tickwire.server.TestVenue}).
 */
package io.tickwire.testkit;
