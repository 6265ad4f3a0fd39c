package io.tickwire.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.tickwire.protocol.message.EventPayload;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes event payloads ({@code data} objects) one after another with a single reused
 * generator and buffer: what the sequencer thread does for every event, without creating a
 * generator each time. Not thread-safe: one per thread.
 */
public final class PayloadEncoder {
    private final ByteArrayBuilder out = new ByteArrayBuilder(1024);
    private final JsonGenerator generator;

    public PayloadEncoder(JsonCodec codec) {
        try {
            this.generator = codec.factory().createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        generator.setRootValueSeparator(null);
    }

    /** The payload's JSON bytes; identical to {@link JsonCodec#encodeData}. */
    public byte[] encode(EventPayload payload) {
        try {
            PayloadWriter.payload(payload, generator);
            generator.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = out.toByteArray();
        out.reset();
        return bytes;
    }
}
