package io.tickwire.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickwire.journal.JournalMetrics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The server's meters, served as Prometheus text at {@code /metrics}: connections and
 * subscriptions, messages and bytes pushed, slow-consumer closes and book conflations, journal
 * forces and their latency, and a histogram of the time from a batch becoming durable to its
 * frames being written to the socket.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter messagesOut;
    private final Counter bytesOut;
    private final Counter slowConsumerCloses;
    private final Counter conflations;
    private final Timer durableToSocket;
    private final AtomicInteger subscriptions = new AtomicInteger();

    public ServerMetrics() {
        messagesOut = Counter.builder("tickwire.messages.out").description("frames written to clients").register(registry);
        bytesOut = Counter.builder("tickwire.bytes.out").baseUnit("bytes").description("bytes written to clients")
                .register(registry);
        slowConsumerCloses = Counter.builder("tickwire.slow.consumer.closes")
                .description("connections closed with 4008").register(registry);
        conflations = Counter.builder("tickwire.book.conflations")
                .description("book streams invalidated for a lagging client").register(registry);
        durableToSocket = Timer.builder("tickwire.durable.to.socket")
                .description("from a batch released as durable to its frames written to a socket (the oldest frame of each flush)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        Gauge.builder("tickwire.subscriptions", subscriptions, AtomicInteger::get)
                .description("active subscriptions").register(registry);
    }

    /** Gauges of connections, read when scraped. */
    public void connections(IntSupplier open) {
        // Micrometer holds gauge state weakly: a lambda nobody else references would be collected (NaN).
        Gauge.builder("tickwire.connections", open, s -> s.getAsInt()).strongReference(true)
                .description("open connections").register(registry);
    }

    /** The journal's counters, read when scraped. */
    public void journal(JournalMetrics journal) {
        FunctionTimer.builder("tickwire.journal.force", journal, JournalMetrics::forces,
                        m -> m.forceNanosTotal(), TimeUnit.NANOSECONDS)
                .description("FileChannel.force calls and their total time").register(registry);
        FunctionCounter.builder("tickwire.journal.batches", journal, JournalMetrics::batches)
                .description("batches made durable").register(registry);
        FunctionCounter.builder("tickwire.journal.groups", journal, JournalMetrics::groups)
                .description("group commits (one force each with fsync)").register(registry);
    }

    /**
     * {@code frames} frames of {@code bytes} in all were written to a socket in one flush; the
     * oldest durable one (0: none was) was released at {@code oldestDurableNanos}, so the latency
     * recorded is the worst of the flush.
     */
    public void framesWritten(int frames, long bytes, long oldestDurableNanos) {
        messagesOut.increment(frames);
        bytesOut.increment(bytes);
        if (oldestDurableNanos != 0) {
            durableToSocket.record(System.nanoTime() - oldestDurableNanos, TimeUnit.NANOSECONDS);
        }
    }

    public void slowConsumerClosed() {
        slowConsumerCloses.increment();
    }

    public void conflated() {
        conflations.increment();
    }

    public void subscribed() {
        subscriptions.incrementAndGet();
    }

    public void unsubscribed(int count) {
        subscriptions.addAndGet(-count);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
