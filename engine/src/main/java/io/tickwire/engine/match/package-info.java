/**
 * Matching: limit and market orders, GTC/IOC/FOK/POST_ONLY, cancel and amend, self-trade prevention.
 */
package io.tickwire.engine.match;
