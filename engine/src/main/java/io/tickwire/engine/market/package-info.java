/**
 * The venue's assets and markets: scales, minimum sizes and fees, fixed at start and read by every thread.
 */
package io.tickwire.engine.market;
