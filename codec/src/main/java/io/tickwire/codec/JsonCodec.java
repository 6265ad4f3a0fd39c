package io.tickwire.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.ServerMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON codec of the wire protocol, shared by the server and the SDK. Thread-safe; make
 * one and share it.
 *
 * <p>Decoding never throws on bad input: a frame becomes its typed message or a
 * {@link DecodeError} naming the offending field. Jackson's read constraints bound nesting,
 * string and number sizes so that hostile input costs time linear in its size; duplicate keys
 * are refused rather than silently resolved one way or the other.
 *
 * <p>Encoding writes with Jackson's streaming generator straight to bytes, so the server can
 * encode an event once and write the same bytes to every subscriber.
 */
public final class JsonCodec {

    /** Deepest nesting a valid message needs is 4 ({@code data.open_orders[i]}); leave room. */
    public static final int MAX_NESTING_DEPTH = 16;
    /** Longest string value accepted in any frame. */
    public static final int MAX_STRING_LENGTH = 64 * 1024;
    /** Longest number literal accepted (a long has 19 digits). */
    public static final int MAX_NUMBER_LENGTH = 32;
    /** Default largest client frame: orders and subscriptions are small. */
    public static final int DEFAULT_MAX_CLIENT_FRAME = 64 * 1024;
    /** Default largest server frame: an account snapshot with many open orders is the big one. */
    public static final int DEFAULT_MAX_SERVER_FRAME = 16 * 1024 * 1024;

    private static final byte[] FRAME_TYPE = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] FRAME_TOPIC = "\",\"topic\":\"".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] FRAME_EPOCH = "\",\"epoch\":\"".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] FRAME_SEQ = "\",\"seq\":".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] FRAME_TS = ",\"ts\":".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] FRAME_DATA = ",\"data\":".getBytes(StandardCharsets.US_ASCII);

    private final JsonFactory factory;
    private final ObjectReader treeReader;
    private final int maxClientFrame;
    private final int maxServerFrame;

    /** A codec with the default frame limits. */
    public JsonCodec() {
        this(DEFAULT_MAX_CLIENT_FRAME, DEFAULT_MAX_SERVER_FRAME);
    }

    /**
     * A codec that refuses, before parsing, client frames over {@code maxClientFrame} bytes and
     * server frames over {@code maxServerFrame} bytes. A parsed tree costs many times its frame
     * in heap, so these bounds are what keeps one frame from exhausting memory.
     */
    public JsonCodec(int maxClientFrame, int maxServerFrame) {
        if (maxClientFrame <= 0 || maxServerFrame <= 0) {
            throw new IllegalArgumentException("frame limits must be positive");
        }
        this.maxClientFrame = maxClientFrame;
        this.maxServerFrame = maxServerFrame;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxDocumentLength(Math.max(maxClientFrame, maxServerFrame))
                        .maxNameLength(256)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        ObjectMapper mapper = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.treeReader = mapper.reader();
    }

    /** The configured factory, for callers that stream other JSON with the same limits. */
    public JsonFactory factory() {
        return factory;
    }

    // ---------------------------------------------------------------- decoding

    /** Decodes a frame sent by a client. */
    public Decoded<ClientMessage> decodeClient(byte[] frame) {
        return decode(frame, 0, frame.length, maxClientFrame, ClientDecoder::decode);
    }

    /** Decodes a frame sent by a client. */
    public Decoded<ClientMessage> decodeClient(String frame) {
        return decodeClient(frame.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a frame sent by the server. */
    public Decoded<ServerMessage> decodeServer(byte[] frame) {
        return decode(frame, 0, frame.length, maxServerFrame, ServerDecoder::decode);
    }

    /** Decodes a frame sent by the server. */
    public Decoded<ServerMessage> decodeServer(String frame) {
        return decodeServer(frame.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes {@code length} bytes of {@code frame} from {@code offset}. */
    public Decoded<ServerMessage> decodeServer(byte[] frame, int offset, int length) {
        return decode(frame, offset, length, maxServerFrame, ServerDecoder::decode);
    }

    /**
     * Decodes the body of a REST order query ({@code GET /api/v1/orders?client_order_id=X} or
     * {@code ?status=open}): a JSON array of order objects shaped like {@code order.update} data.
     */
    public Decoded<List<Order>> decodeOrders(byte[] body) {
        if (body.length > maxServerFrame) {
            return invalid(ErrorCode.TOO_LARGE, null, "body of " + body.length + " bytes exceeds the limit of "
                    + maxServerFrame, null);
        }
        if (!Utf8.isValid(body, 0, body.length)) {
            return invalid(ErrorCode.BAD_REQUEST, null, "body is not valid UTF-8", null);
        }
        try {
            JsonNode root = treeReader.readTree(body);
            if (root == null || !root.isArray()) {
                return invalid(ErrorCode.BAD_REQUEST, null, "expected a JSON array of orders", null);
            }
            List<Order> orders = new ArrayList<>(root.size());
            for (int i = 0; i < root.size(); i++) {
                orders.add(ServerDecoder.order(new FieldReader.Element(root.get(i), "[" + i + "]").object()));
            }
            return new Decoded.Ok<>(List.copyOf(orders));
        } catch (DecodeFailure failure) {
            return invalid(failure.code, failure.field, failure.field + " " + failure.getMessage(), null);
        } catch (IOException | RuntimeException e) {
            return invalid(ErrorCode.BAD_REQUEST, null, "malformed JSON: " + clip(e.getMessage()), null);
        }
    }

    @FunctionalInterface
    interface ObjectDecoder<T> {
        T decode(JsonNode object, Long id, String type, RawJson raw);
    }

    /** The frame's text, made only when a message is kept raw (unknown types). */
    record RawJson(JsonFactory factory, byte[] frame, int offset, int length) {
        String text() {
            return new String(frame, offset, length, StandardCharsets.UTF_8);
        }

        /**
         * The exact text of the top-level field {@code name}'s value, sliced from the frame
         * rather than re-serialised, so numbers and spacing stay as the sender wrote them.
         */
        String field(String name) throws IOException {
            try (JsonParser parser = factory.createParser(frame, offset, length)) {
                parser.nextToken();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    boolean wanted = name.equals(parser.currentName());
                    parser.nextToken();
                    long start = parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    if (wanted) {
                        long end = parser.currentLocation().getByteOffset();
                        return new String(frame, offset + (int) start, (int) (end - start), StandardCharsets.UTF_8);
                    }
                }
            }
            throw new IOException("no field " + name);
        }
    }

    private <T> Decoded<T> decode(byte[] frame, int offset, int length, int maxFrame, ObjectDecoder<T> decoder) {
        if (length > maxFrame) {
            return invalid(ErrorCode.TOO_LARGE, null, "frame of " + length + " bytes exceeds the limit of "
                    + maxFrame, null);
        }
        if (!Utf8.isValid(frame, offset, length)) {
            return invalid(ErrorCode.BAD_REQUEST, null, "frame is not valid UTF-8", null);
        }
        JsonNode root;
        try {
            root = treeReader.readTree(frame, offset, length);
        } catch (StreamConstraintsException e) {
            return invalid(ErrorCode.TOO_LARGE, null, "frame exceeds a limit: " + e.getOriginalMessage(), null);
        } catch (JsonParseException e) {
            return invalid(ErrorCode.BAD_REQUEST, null, "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + clip(e.getOriginalMessage()), null);
        } catch (IOException | RuntimeException e) {
            return invalid(ErrorCode.BAD_REQUEST, null, "malformed JSON: " + clip(e.getMessage()), null);
        }
        if (root == null || root.isMissingNode()) {
            return invalid(ErrorCode.BAD_REQUEST, null, "empty frame: expected a JSON object", null);
        }
        if (!root.isObject()) {
            return invalid(ErrorCode.BAD_REQUEST, null, "a message must be a JSON object", null);
        }
        Long id = null;
        try {
            id = FieldReader.of(root).optionalNonNegativeLong("id");
            String type = FieldReader.of(root).string("type", 64);
            return new Decoded.Ok<>(decoder.decode(root, id, type, new RawJson(factory, frame, offset, length)));
        } catch (DecodeFailure failure) {
            return invalid(failure.code, failure.field, failure.field == null
                    ? failure.getMessage() : failure.field + ": " + failure.getMessage(), id);
        } catch (RuntimeException e) {
            // A value the records refuse (their own invariants): still the client's input.
            return invalid(ErrorCode.BAD_REQUEST, null, clip(String.valueOf(e.getMessage())), id);
        }
    }

    private static <T> Decoded<T> invalid(ErrorCode code, String field, String message, Long id) {
        return new Decoded.Invalid<>(new DecodeError(code, field, message, id));
    }

    private static String clip(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    // ---------------------------------------------------------------- encoding

    /** Encodes a server message to a fresh byte array. */
    public byte[] encode(ServerMessage message) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator gen = factory.createGenerator(out)) {
            MessageWriter.write(message, gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Encodes a server message onto a stream (a Netty {@code ByteBufOutputStream}, say). */
    public void encode(ServerMessage message, OutputStream out) throws IOException {
        try (JsonGenerator gen = factory.createGenerator(out)) {
            MessageWriter.write(message, gen);
        }
    }

    /** Encodes a client message to a fresh byte array. */
    public byte[] encode(ClientMessage message) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator gen = factory.createGenerator(out)) {
            MessageWriter.write(message, gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Encodes only an event's {@code data} object: what the journal stores for each event. */
    public byte[] encodeData(EventPayload payload) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator gen = factory.createGenerator(out)) {
            PayloadWriter.payload(payload, gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Wraps stored {@code data} bytes in the stream envelope,
     * {@code {"type":..,"topic":..,"epoch":..,"seq":..,"ts":..,"data":<data>}}, copying the data
     * as is: the frame the server writes, once, to every subscriber.
     *
     * <p>The hub makes one for every event. Type, topic and epoch are identifiers that need no
     * escaping, so the envelope is written straight into one array of the exact size; only a
     * string that would need escaping goes through the JSON generator. Both give the same bytes.
     */
    public byte[] frame(String type, String topic, String epoch, long seq, long ts, byte[] data) {
        if (!JsonBytes.plain(type) || !JsonBytes.plain(topic) || !JsonBytes.plain(epoch)) {
            return generatedFrame(type, topic, epoch, seq, ts, data);
        }
        byte[] out = new byte[FRAME_TYPE.length + type.length() + FRAME_TOPIC.length + topic.length()
                + FRAME_EPOCH.length + epoch.length() + FRAME_SEQ.length + digits(seq) + FRAME_TS.length + digits(ts)
                + FRAME_DATA.length + data.length + 1];
        int at = put(out, 0, FRAME_TYPE);
        at = putAscii(out, at, type);
        at = put(out, at, FRAME_TOPIC);
        at = putAscii(out, at, topic);
        at = put(out, at, FRAME_EPOCH);
        at = putAscii(out, at, epoch);
        at = put(out, at, FRAME_SEQ);
        at = putLong(out, at, seq);
        at = put(out, at, FRAME_TS);
        at = putLong(out, at, ts);
        at = put(out, at, FRAME_DATA);
        at = put(out, at, data);
        out[at] = '}';
        return out;
    }

    /** The envelope as the JSON generator writes it: the reference {@link #frame} matches. */
    byte[] generatedFrame(String type, String topic, String epoch, long seq, long ts, byte[] data) {
        ByteArrayBuilder out = new ByteArrayBuilder(data.length + 128);
        try (JsonGenerator gen = factory.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("type", type);
            gen.writeStringField("topic", topic);
            gen.writeStringField("epoch", epoch);
            gen.writeNumberField("seq", seq);
            gen.writeNumberField("ts", ts);
            gen.writeFieldName("data");
            gen.writeRawValue(new String(data, StandardCharsets.UTF_8));
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int put(byte[] out, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    private static int putAscii(byte[] out, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            out[at++] = (byte) s.charAt(i);
        }
        return at;
    }

    /** Characters of {@code v} in decimal, its sign included. */
    static int digits(long v) {
        if (v == Long.MIN_VALUE) {
            return 20;
        }
        int n = v < 0 ? 2 : 1;
        long x = Math.abs(v);
        while (x >= 10) {
            x /= 10;
            n++;
        }
        return n;
    }

    private static int putLong(byte[] out, int at, long v) {
        if (v == Long.MIN_VALUE) {
            return put(out, at, Long.toString(v).getBytes(StandardCharsets.US_ASCII));
        }
        int end = at + digits(v);
        int i = end;
        long x = Math.abs(v);
        do {
            out[--i] = (byte) ('0' + (x % 10));
            x /= 10;
        } while (x != 0);
        if (v < 0) {
            out[--i] = '-';
        }
        return end;
    }

    /** Encodes a server message to a string. */
    public String encodeToString(ServerMessage message) {
        return new String(encode(message), StandardCharsets.UTF_8);
    }

    /** Encodes a client message to a string. */
    public String encodeToString(ClientMessage message) {
        return new String(encode(message), StandardCharsets.UTF_8);
    }
}
