package io.tickwire.server.core;

import io.tickwire.engine.event.Receipt;
import io.tickwire.protocol.message.EventPayload;
import java.util.List;

/**
 * What rides with a committed batch (its {@code attachment}): the receipts of its commands, and
 * each event's payload as a record, in the same order as the batch's events, so that the hub
 * can keep its book and account mirrors without decoding the JSON again.
 */
public record CoreBatch(List<Receipt> receipts, List<EventPayload> payloads) {
}
