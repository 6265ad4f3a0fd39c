package io.tickwire.relay.upstream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * A relay's meters, beside the server's: frames and bytes received, frames rejected by reason,
 * reconnects, and the lag behind the upstream (from a frame's arrival, or a followed event's time
 * upstream, to its durability here).
 */
public final class RelayMetrics {
    private final MeterRegistry registry;
    private final Counter frames;
    private final Counter bytes;
    private final Timer lag;

    public RelayMetrics(MeterRegistry registry, UpstreamStatus upstream) {
        this.registry = registry;
        this.frames = Counter.builder("tickwire_relay_frames").description("Frames (events) received from the upstream")
                .register(registry);
        this.bytes = Counter.builder("tickwire_relay_bytes").description("Bytes received from the upstream")
                .baseUnit("bytes").register(registry);
        this.lag = Timer.builder("tickwire_relay_lag").description("From arrival (capture) or the upstream's event "
                + "time (follow) to durable in the relay's journal").publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("tickwire_relay_reconnects", upstream, UpstreamStatus::reconnects)
                .description("Times the relay connected again to its upstream").register(registry);
        Gauge.builder("tickwire_relay_connected", upstream, u -> u.isConnected() ? 1 : 0)
                .description("1 while the upstream connection is up").register(registry);
    }

    /** A frame (or followed event) of {@code size} bytes arrived. */
    public void received(long size) {
        frames.increment();
        bytes.increment(size);
    }

    /** A frame the capture could not take, by reason. */
    public void rejected(String reason) {
        Counter.builder("tickwire_relay_rejected").description("Frames rejected by the capture")
                .tag("reason", reason).register(registry).increment();
    }

    /** Something from {@code sinceMillis} is durable now. */
    public void durable(long sinceMillis) {
        lag.record(Math.max(0, System.currentTimeMillis() - sinceMillis), TimeUnit.MILLISECONDS);
    }
}
