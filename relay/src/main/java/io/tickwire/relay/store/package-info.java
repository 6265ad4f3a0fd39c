/** Where a relay keeps what it received: one journal per epoch, and the state it restarts from. */
package io.tickwire.relay.store;
