/**
 * The Tickwire wire protocol: the model ({@code message}), fixed-point decimals ({@code decimal}) and the order-book
 * checksum ({@code book}), with no dependency beyond the JDK. Its JSON form is the {@code tickwire-codec} module's
 * ({@code io.tickwire.codec}). See {@code docs/protocol.md}.
 */
package io.tickwire.protocol;
