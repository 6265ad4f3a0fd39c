/**
 * JMH benchmarks of the codec, matching, the journal and the hub.
 */
package io.tickwire.bench.jmh;
