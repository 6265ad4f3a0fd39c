package io.tickwire.nats.publish;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.nats.wire.BatchFrame;
import java.io.IOException;

/** The stream as the core needs it: created when absent, and where its last complete batch is. */
final class StreamSetup {
    /** JetStream's API error code for a stream that does not exist. */
    static final int STREAM_NOT_FOUND = 10059;
    /** JetStream's API error code for "no message found". */
    static final int NO_MESSAGE = 10037;

    private StreamSetup() {
    }

    /** Creates the stream with the configured replicas, age, size and duplicate window, unless it exists. */
    static void ensureStream(Connection connection, JetStreamConfig config) throws IOException, JetStreamApiException {
        JetStreamManagement jsm = connection.jetStreamManagement();
        try {
            jsm.getStreamInfo(config.stream());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            jsm.addStream(StreamConfiguration.builder()
                    .name(config.stream())
                    .subjects(config.subject())
                    .storageType(StorageType.File)
                    .replicas(config.replicas())
                    .maxAge(config.maxAge())
                    .maxBytes(config.maxBytes())
                    .duplicateWindow(config.duplicateWindow())
                    .build());
        }
    }

    /**
     * The last batch of {@code epoch} that the stream holds whole, or 0 when its last message is
     * another epoch's or the stream is empty.
     */
    static long lastWholeBatch(Connection connection, JetStreamConfig config, String epoch)
            throws IOException, JetStreamApiException {
        MessageInfo last;
        try {
            last = connection.jetStreamManagement().getLastMessage(config.stream(), config.subject());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE) {
                return 0;
            }
            throw e;
        }
        Headers headers = last.getHeaders();
        if (headers == null || !epoch.equals(headers.getFirst(BatchFrame.EPOCH))) {
            return 0;
        }
        long batch = Long.parseLong(headers.getFirst(BatchFrame.BATCH));
        String part = headers.getFirst(BatchFrame.PART);
        int slash = part.indexOf('/');
        boolean whole = part.substring(0, slash).equals(part.substring(slash + 1));
        return whole ? batch : batch - 1;
    }
}
