/**
 * The REST API: {@link io.tickwire.server.frontdoor.rest.RestApi} is the route table; each resource
 * has its handler ({@code MarketReads}, {@code AccountReads}, {@code OrderCommands},
 * {@code EventFeed}), with the request and its answers in {@code RestExchange}, the bearer check
 * in {@code RestAuth} and disk reads on {@code ReadPool}. The front door's {@code HttpHandler} hands
 * it every request past its rate limit.
 */
package io.tickwire.server.frontdoor.rest;
