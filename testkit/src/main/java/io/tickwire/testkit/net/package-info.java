/** Network faults on demand: {@link io.tickwire.testkit.net.ChaosProxy} cuts or swallows a connection's traffic. */
package io.tickwire.testkit.net;
