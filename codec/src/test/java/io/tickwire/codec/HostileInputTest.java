package io.tickwire.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.ServerMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The codec answers every hostile frame with its own typed error, never an exception, and in
 * time linear in the input.
 */
class HostileInputTest {

    private final JsonCodec codec = new JsonCodec();
    /** Frame limits far above the defaults, to reach Jackson's own constraints behind them. */
    private final JsonCodec roomy = new JsonCodec(64 * 1024 * 1024, 64 * 1024 * 1024);

    private DecodeError clientError(String frame) {
        return clientError(frame.getBytes(StandardCharsets.UTF_8));
    }

    private DecodeError clientError(byte[] frame) {
        Decoded<ClientMessage> decoded = codec.decodeClient(frame);
        assertThat(decoded).as(new String(frame, 0, Math.min(frame.length, 200), StandardCharsets.UTF_8))
                .isInstanceOf(Decoded.Invalid.class);
        return ((Decoded.Invalid<ClientMessage>) decoded).error();
    }

    @Test
    void randomBytesNeverEscapeAsExceptions() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = new byte[random.nextInt(64)];
            random.nextBytes(frame);
            if (i % 3 == 0 && frame.length > 0) {
                frame[0] = '{';
            }
            // Must not throw; a random frame is almost always invalid, and either result is typed.
            Decoded<ClientMessage> client = codec.decodeClient(frame);
            Decoded<ServerMessage> server = codec.decodeServer(frame);
            assertThat(client).isNotNull();
            assertThat(server).isNotNull();
        }
    }

    @Test
    void everyTruncationOfEveryValidMessageIsABadRequest() {
        for (ClientMessage message : Samples.clientMessages()) {
            byte[] full = codec.encode(message);
            for (int cut = 0; cut < full.length; cut++) {
                byte[] prefix = Arrays.copyOf(full, cut);
                assertThat(clientError(prefix).code()).isEqualTo(ErrorCode.BAD_REQUEST);
            }
        }
        for (ServerMessage message : Samples.serverMessages()) {
            byte[] full = codec.encode(message);
            for (int cut = 0; cut < full.length; cut++) {
                assertThat(codec.decodeServer(Arrays.copyOf(full, cut)))
                        .isInstanceOf(Decoded.Invalid.class);
            }
        }
    }

    @Test
    void tenThousandLevelsOfNestingAreRefusedQuickly() {
        String deepArrays = "{\"type\":\"ping\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        String deepObjects = "{\"type\":\"ping\",\"x\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "}";
        String unclosed = "[".repeat(10_000);
        for (String frame : new String[] {deepArrays, deepObjects, unclosed}) {
            DecodeError error = clientError(frame);
            assertThat(error.code()).isEqualTo(ErrorCode.TOO_LARGE);
            assertThat(error.message()).contains("nesting");
        }
    }

    @Test
    void aTenMegabyteStringIsRefusedWithoutEchoingIt() {
        String frame = "{\"type\":\"auth\",\"token\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        DecodeError error = clientError(frame);
        assertThat(error.code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(error.message()).contains("exceeds the limit of 65536");
        // Behind a larger frame limit, Jackson's string limit still refuses it.
        Decoded<ClientMessage> decoded = roomy.decodeClient(frame.getBytes(StandardCharsets.UTF_8));
        DecodeError inner = ((Decoded.Invalid<ClientMessage>) decoded).error();
        assertThat(inner.code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(inner.message()).contains("String value length").hasSizeLessThan(400);
    }

    @Test
    void aHugeArrayCannotExhaustTheHeap() {
        // 32 MiB of empty objects would be ~800 MiB as a tree; the frame limit refuses it unread.
        byte[] frame = ("{\"type\":\"ping\",\"x\":[" + "{},".repeat(11_000_000)
                + "{}]}").getBytes(StandardCharsets.UTF_8);
        assertThat(codec.decodeServer(frame)).isInstanceOfSatisfying(Decoded.Invalid.class,
                invalid -> assertThat(invalid.error().code()).isEqualTo(ErrorCode.TOO_LARGE));
    }

    @Test
    void malformedUtf8IsRefusedEvenWhereJacksonWouldAcceptIt() {
        byte[] overlongP = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC1, (byte) 0xB0, 'i', 'n', 'g', '"',
                '}'};
        assertThat(clientError(overlongP).message()).contains("UTF-8");
        byte[] aboveMax = "{\"type\":\"ping\",\"x\":\"....\"}".getBytes(StandardCharsets.UTF_8);
        aboveMax[22] = (byte) 0xF4;
        aboveMax[23] = (byte) 0x90;
        aboveMax[24] = (byte) 0x80;
        aboveMax[25] = (byte) 0x80;
        assertThat(clientError(aboveMax).message()).contains("UTF-8");
        byte[] surrogate = "{\"type\":\"ping\",\"x\":\"...\"}".getBytes(StandardCharsets.UTF_8);
        surrogate[22] = (byte) 0xED;
        surrogate[23] = (byte) 0xA0;
        surrogate[24] = (byte) 0x80;
        assertThat(clientError(surrogate).message()).contains("UTF-8");
        assertThat(codec.decodeClient("{\"type\":\"ping\",\"x\":\"\u00e9\u20ac\ud83d\ude00\"}"))
                .as("valid multi-byte characters pass").isInstanceOf(Decoded.Ok.class);
    }

    @Test
    void enumCaseFoldingIsAsciiOnly() {
        String lookAlike = "{\"type\":\"order.place\",\"market\":\"BTC-USDT\",\"side\":\"\u017Fell\",\"order_type\":"
                + "\"limit\","
                + "\"tif\":\"gtc\",\"price\":\"1\",\"qty\":\"1\"}";
        assertThat(clientError(lookAlike).field()).isEqualTo("side");
    }

    @Test
    void aLongTokenWithinJsonLimitsIsStillBoundedByItsField() {
        DecodeError error = clientError("{\"type\":\"auth\",\"token\":\"" + "x".repeat(20_000) + "\"}");
        assertThat(error.field()).isEqualTo("token");
        assertThat(error.message()).contains("longer than 8192");
    }

    @Test
    void hugeNumbersAreRefused() {
        DecodeError error = clientError("{\"type\":\"ping\",\"id\":" + "9".repeat(50_000) + "}");
        assertThat(error.code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(error.message()).contains("Number value length");
        assertThat(clientError("{\"type\":\"ping\",\"id\":99999999999999999999}").field()).isEqualTo("id");
    }

    @Test
    void duplicateKeysAreRefused() {
        DecodeError error = clientError("{\"type\":\"order.cancel\",\"order_id\":1,\"order_id\":2}");
        assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(error.message()).contains("Duplicate field 'order_id'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"ping\",\"id\":\"3\"}| id| must be an integer",
            "{\"type\":\"ping\",\"id\":-3}| id| must be >= 0",
            "{\"type\":\"ping\",\"id\":1.5}| id| not a fraction",
            "{\"type\":7}| type| must be a string",
            "{\"id\":1}| type| is required",
            "{\"type\":\"subscribe\",\"id\":1}| topic| is required",
            "{\"type\":\"subscribe\",\"topic\":[\"account\"]}| topic| must be a string",
            "{\"type\":\"subscribe\",\"topic\":\"account\",\"since\":5}| since| must be a JSON object",
            "{\"type\":\"subscribe\",\"topic\":\"account\",\"since\":{\"epoch\":\"e\"}}| since.seq| is required",
            "{\"type\":\"subscribe\",\"topic\":\"account\",\"since\":{\"epoch\":\"\",\"seq\":1}}| since.epoch| must"
                    + " not be empty",
            "{\"type\":\"subscribe\",\"topic\":\"book.btc\"}| topic| malformed market",
            "{\"type\":\"order.place\",\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\",\"tif\":\"gt"
                    + "c\",\"price\":85000,\"qty\":\"1\"}| price| not a JSON number",
            "{\"type\":\"order.place\",\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\",\"tif\":\"gt"
                    + "c\",\"qty\":\"1\"}| price| required for a limit order",
            "{\"type\":\"order.place\",\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"market\",\"tif\":\"i"
                    + "oc\",\"price\":\"1\",\"qty\":\"1\"}| price| must be absent",
            "{\"type\":\"order.place\",\"market\":\"BTC-USDT\",\"side\":\"up\",\"order_type\":\"limit\",\"tif\":\"gtc"
                    + "\",\"price\":\"1\",\"qty\":\"1\"}| side| must be one of \"buy\", \"sell\"",
            "{\"type\":\"order.place\",\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\",\"tif\":\"da"
                    + "y\",\"price\":\"1\",\"qty\":\"1\"}| tif| must be one of",
            "{\"type\":\"order.place\",\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\",\"tif\":\"gt"
                    + "c\",\"price\":\"1\",\"qty\":\"1e3\"}| qty| exponent",
            "{\"type\":\"order.place\",\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\",\"tif\":\"gt"
                    + "c\",\"price\":\"-1\",\"qty\":\"1\"}| price| negative",
            "{\"type\":\"order.place\",\"market\":\"BTCUSDT\",\"side\":\"buy\",\"order_type\":\"limit\",\"tif\":\"gtc"
                    + "\",\"price\":\"1\",\"qty\":\"1\"}| market| must be a market",
            "{\"type\":\"order.place\",\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\",\"tif\":\"gt"
                    + "c\",\"price\":\"1\",\"qty\":\"1\",\"client_order_id\":\"a b\"}| client_order_id| must be 1 to"
                            + " 36",
            "{\"type\":\"order.cancel\"}| order_id| or client_order_id is required",
            "{\"type\":\"order.cancel\",\"order_id\":1,\"client_order_id\":\"x\"}| order_id| exclusive",
            "{\"type\":\"order.cancel\",\"order_id\":-1}| order_id| must be >= 0",
            "{\"type\":\"order.amend\",\"order_id\":1}| qty| or price is required",
    })
    void wrongTypesAndMissingFieldsNameTheField(String frame, String field, String message) {
        DecodeError error = clientError(frame);
        assertThat(error.field()).isEqualTo(field);
        assertThat(error.message()).contains(message);
        assertThat(error.toErrorMessage().field()).isEqualTo(field);
    }

    @Test
    void theRequestIdIsEchoedWhenItCouldBeRead() {
        assertThat(clientError("{\"type\":\"subscribe\",\"id\":77}").id()).isEqualTo(77L);
        assertThat(clientError("{\"type\":\"subscribe\",\"id\":77,\"topic\":\"nope.X-Y\"}").code())
                .isEqualTo(ErrorCode.UNKNOWN_TOPIC);
    }

    @Test
    void nonObjectsAndEmptyFramesAreBadRequests() {
        for (String frame : new String[] {"", " ", "null", "[]", "42", "\"ping\"", "{} {}", "{\"type\":\"ping\"} x",
                "\uFEFF"}) {
            assertThat(clientError(frame).code()).as(frame).isEqualTo(ErrorCode.BAD_REQUEST);
        }
        assertThat(clientError(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}).code())
                .isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void decodeTimeIsLinearInTheInput() {
        // Quadratic behaviour would show as a 64x ratio for 8x the input; allow a wide margin for a noisy machine.
        Function<Integer, byte[]> frame = n -> ("{\"type\":\"subscribe\",\"topic\":\"account\",\"pad\":["
                + "\"abcdefgh\",".repeat(n) + "1]}").getBytes(StandardCharsets.UTF_8);
        byte[] small = frame.apply(50_000);
        byte[] large = frame.apply(400_000);
        assertThat(roomy.decodeClient(large)).isInstanceOf(Decoded.Ok.class);
        long smallNanos = bestOf(5, small);
        long largeNanos = bestOf(5, large);
        assertThat((double) largeNanos / smallNanos).isLessThan(24.0);
    }

    private long bestOf(int runs, byte[] frame) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            roomy.decodeClient(frame);
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }
}
