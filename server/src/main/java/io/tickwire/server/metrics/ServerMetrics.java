package io.tickwire.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickwire.journal.JournalMetrics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The server's meters, served as Prometheus text at {@code /metrics}: connections and
 * subscriptions, messages and bytes pushed, slow-consumer closes and book conflations, the
 * sequencer's queue and commands by type and outcome, journal forces and their latency, a
 * histogram of the time from a batch becoming durable to its frames being written to the socket,
 * and the JVM's and the process's own (memory, GC, threads, CPU, file descriptors, uptime).
 * Every name is listed in docs/server.md, and a test holds the two to each other.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter messagesOut;
    private final Counter bytesOut;
    private final Counter slowConsumerCloses;
    private final Counter conflations;
    private final Counter connectionsRefused;
    private final Counter resumesFromDisk;
    private final JvmGcMetrics jvmGc;
    private final Timer durableToSocket;
    private final AtomicInteger subscriptions = new AtomicInteger();
    private volatile IntSupplier openConnections = () -> 0;
    private volatile IntSupplier sequencerQueueDepth = () -> 0;

    public ServerMetrics() {
        messagesOut = Counter.builder("tickwire.messages.out").description("frames written to clients").register(
                registry);
        // No base unit: Prometheus naming would make it tickwire_bytes_out_bytes_total; the name says it.
        bytesOut = Counter.builder("tickwire.bytes.out").description("bytes written to clients")
                .register(registry);
        resumesFromDisk = Counter.builder("tickwire.resumes.from.disk")
                .description("resumes older than the memory history, read from the journal's segments off the hub"
                        + " thread")
                .register(registry);
        connectionsRefused = Counter.builder("tickwire.connections.refused")
                .description("connections answered 503 because the connection limit was reached").register(registry);
        slowConsumerCloses = Counter.builder("tickwire.slow.consumer.closes")
                .description("connections closed with 4008").register(registry);
        conflations = Counter.builder("tickwire.book.conflations")
                .description("book streams invalidated for a lagging client").register(registry);
        durableToSocket = Timer.builder("tickwire.durable.to.socket")
                .description("from a batch released as durable to its frames written to a socket (the oldest frame"
                        + " of each flush)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        Gauge.builder("tickwire.subscriptions", subscriptions, AtomicInteger::get)
                .description("active subscriptions").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        jvmGc = new JvmGcMetrics();
        jvmGc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** The registry behind {@code /metrics}, for a component that registers meters of its own (a batch tap). */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * The core's gauges and counters, read when scraped: the sequencer's queue, and the commands
     * by type and outcome, which bind themselves (the core's own counters).
     */
    public void core(IntSupplier queueDepth, MeterBinder commands) {
        sequencerQueueDepth = queueDepth;
        Gauge.builder("tickwire.sequencer.queue.depth", queueDepth, s -> s.getAsInt()).strongReference(true)
                .description("commands waiting for the sequencer").register(registry);
        commands.bindTo(registry);
    }

    /** The gauge of open WebSocket connections (not HTTP requests, the scrape itself included), read when scraped. */
    public void connections(IntSupplier open) {
        openConnections = open;
        // Micrometer holds gauge state weakly: a lambda nobody else references would be collected (NaN).
        Gauge.builder("tickwire.connections", open, s -> s.getAsInt()).strongReference(true)
                .description("open connections").register(registry);
    }

    /** The journal's counters, read when scraped. */
    public void journal(JournalMetrics journal) {
        Timer force = Timer.builder("tickwire.journal.force")
                .description("FileChannel.force calls and their latency")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1).dividedBy(100))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        journal.observeForces(nanos -> force.record(nanos, TimeUnit.NANOSECONDS));
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

    /** A resume had to read the journal's segments. */
    public void resumedFromDisk() {
        resumesFromDisk.increment();
    }

    /** A connection over the limit was answered 503. */
    public void connectionRefused() {
        connectionsRefused.increment();
    }

    /** Stops the meters that hold resources (the GC notification listener). */
    public void close() {
        jvmGc.close();
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

    /** Open WebSocket connections now (0 before the gateway registered its gauge). */
    public int openConnections() {
        return openConnections.getAsInt();
    }

    /** Active subscriptions now, over every connection. */
    public int subscriptions() {
        return subscriptions.get();
    }

    /** Commands waiting for this node's sequencer now (0 on a node without one). */
    public int sequencerQueueDepth() {
        return sequencerQueueDepth.getAsInt();
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
