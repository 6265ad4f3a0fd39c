/**
 * The relay node: a hub and a gateway without an engine, fed by the relay's recorder (a captured
 * feed, or a followed Tickwire), serving {@code /ws} and {@code /events} from its journals.
 */
package io.tickwire.relay.node;
