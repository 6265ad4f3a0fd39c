/**
 * Tickwire's one agent runtime: every loop on a thread of its own is an {@link io.tickwire.agent.Agent} run by an
 * {@link io.tickwire.agent.AgentRunner} with an {@link io.tickwire.agent.IdleStrategy} (Agrona's shape, without
 * Agrona: see docs/decisions.md, "One agent runtime"); every reconnect loop waits by one
 * {@link io.tickwire.agent.Backoff}; hand-offs between threads go through the one {@link io.tickwire.agent.SpscQueue}
 * and the one {@link io.tickwire.agent.MpscQueue}. No dependency beyond the JDK, so the SDK uses it too.
 */
package io.tickwire.agent;
