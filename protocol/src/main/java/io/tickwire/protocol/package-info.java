/**
 * The Tickwire wire protocol, version 1: the model ({@code message}), fixed-point decimals ({@code decimal}), the JSON
 * codec ({@code codec}) and the order-book checksum ({@code book}). See {@code docs/protocol.md}.
 */
package io.tickwire.protocol;
