/**
 * The wire model: every message as a record under three sealed interfaces, {@link
 * io.tickwire.protocol.message.ClientMessage}, {@link io.tickwire.protocol.message.ServerMessage} and {@link
 * io.tickwire.protocol.message.EventPayload}, so that a {@code switch} over any of them is checked for exhaustiveness.
 */
package io.tickwire.protocol.message;
