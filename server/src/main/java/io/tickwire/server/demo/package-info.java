/** The demo venue: markets, funded users, and a simulator that keeps the books moving. */
package io.tickwire.server.demo;
