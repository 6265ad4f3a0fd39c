package io.tickwire.server.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.journal.CommittedBatch;
import io.tickwire.journal.JournalListener;
import io.tickwire.server.auth.RevocationSet;
import io.tickwire.server.core.CoreBatch;
import io.tickwire.server.core.TradingCore;
import io.tickwire.server.hub.Hub;

/**
 * A follower of the core's durable batches beside the hub, such as the JetStream publisher of a
 * core node. The hub stays the only consumer the core knows; a tap sees the same batches after it.
 *
 * <p>Lifecycle: {@link #onDurable} may be called as soon as the core is open, before
 * {@link #start}, on the journal writer's thread, in batch order, and must return at once (queue
 * and return: the writer's next fsync waits for it). {@link #start} runs once the core has
 * recovered. {@link #close} runs after the core has closed, when no batch will follow.
 */
public interface BatchTap extends JournalListener<CoreBatch>, AutoCloseable {

    /**
     * Starts following: the core for reads of its journal, the hub for its state (what a gateway
     * node starts from), the core's token revocations (which gateway nodes must enforce too),
     * {@code meters} for the tap's own meters.
     */
    void start(TradingCore core, Hub hub, RevocationSet revocations, MeterRegistry meters) throws Exception;

    @Override
    void onDurable(CommittedBatch<CoreBatch> batch);

    @Override
    void close();
}
