/**
 * Following a Tickwire node: the SDK's lossless resume, every event journaled with the upstream's
 * epoch and seq, what the SDK skipped fetched back over REST, and the state a restart resumes from.
 */
package io.tickwire.relay.follow;
