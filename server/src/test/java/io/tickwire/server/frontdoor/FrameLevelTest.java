package io.tickwire.server.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.testkit.ws.RawWebSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway at the WebSocket frame level (RFC 6455), with a raw socket: fragments are put
 * together, every frame counts against the rate limit, one close frame each way, bad close codes
 * answered 1002, and hostile frames never crash or wedge the server.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FrameLevelTest {
    private static final JsonCodec CODEC = new JsonCodec();
    private static final int MAX_FRAME = 1024;
    private static final int RATE = 20;

    @TempDir
    static Path dir;
    static TickwireServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(dir,
                FrontDoorConfig.defaults(0).withMaxFrameBytes(MAX_FRAME).withMessagesPerSecond(RATE));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ServerMessage decode(RawWebSocket.Frame frame) {
        assertThat(frame).as("a text frame from the server").isNotNull();
        assertThat(frame.opcode()).as("opcode of " + frame.text()).isEqualTo(RawWebSocket.TEXT);
        return CODEC.decodeServer(frame.payload()).orThrow();
    }

    @Test
    void aTextMessageInFragmentsIsPutTogetherAndAnsweredOnce() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            ws.send(false, RawWebSocket.TEXT, "{\"type\":\"pi".getBytes(StandardCharsets.UTF_8));
            ws.send(false, RawWebSocket.CONTINUATION, "ng\",\"i".getBytes(StandardCharsets.UTF_8));
            ws.send(true, RawWebSocket.CONTINUATION, "d\":7}".getBytes(StandardCharsets.UTF_8));
            // A ping between fragments is allowed (control frames may be interleaved).
            ServerMessage reply = decode(ws.readMessage());
            assertThat(reply).isInstanceOf(ServerMessage.Pong.class);
            assertThat(((ServerMessage.Pong) reply).id()).isEqualTo(7L);
            ws.sendText("{\"type\":\"ping\",\"id\":8}");
            assertThat(((ServerMessage.Pong) decode(ws.readMessage())).id())
                    .as("nothing else was answered in between").isEqualTo(8L);
        }
    }

    @Test
    void fragmentsAddingUpToMoreThanTheLimitCloseWith1009AndOneCloseFrame() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            byte[] part = new byte[MAX_FRAME / 2 + 10];
            Arrays.fill(part, (byte) ' ');
            ws.send(false, RawWebSocket.TEXT, part);
            ws.send(false, RawWebSocket.CONTINUATION, part);
            ws.send(true, RawWebSocket.CONTINUATION, part);
            RawWebSocket.Frame close = ws.readMessage();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1009);
            ws.sendClose(1009);
            assertThat(ws.closeFramesUntilEnd()).as("close frames after the first").isZero();
        }
    }

    @Test
    void aSingleFrameOverTheLimitClosesWith1009AndOneCloseFrame() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            ws.send(true, RawWebSocket.TEXT, new byte[MAX_FRAME + 1]);
            RawWebSocket.Frame close = ws.readMessage();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1009);
            try {
                ws.sendClose(1009);
            } catch (IOException alreadyClosed) {
                // the server may have closed the socket already: that is allowed after its close frame
            }
            assertThat(ws.closeFramesUntilEnd()).as("close frames after the first").isZero();
        }
    }

    @Test
    void binaryFramesCountAgainstTheRateLimit() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            for (int i = 0; i < 3000; i++) {
                try {
                    ws.send(true, RawWebSocket.BINARY, new byte[] {1});
                } catch (IOException closedByServer) {
                    break;
                }
            }
            int badRequests = 0;
            int rateLimited = 0;
            int closeCode = -1;
            RawWebSocket.Frame frame;
            while ((frame = ws.readMessage()) != null) {
                if (frame.opcode() == RawWebSocket.CLOSE) {
                    closeCode = frame.closeCode();
                    break;
                }
                ServerMessage.ErrorMessage error = (ServerMessage.ErrorMessage) decode(frame);
                if (error.code().equals("rate_limited")) {
                    rateLimited++;
                } else {
                    badRequests++;
                }
            }
            assertThat(badRequests).as("bad_request answers: at most a second's worth").isLessThanOrEqualTo(RATE + 2);
            assertThat(rateLimited).isPositive();
            assertThat(closeCode).isEqualTo(4029);
        }
    }

    @Test
    void continuationFramesOfOneMessageCountAgainstTheRateLimit() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            ws.send(false, RawWebSocket.TEXT, "{".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 500; i++) {
                try {
                    ws.send(false, RawWebSocket.CONTINUATION, new byte[] {' '});
                } catch (IOException closedByServer) {
                    break;
                }
            }
            RawWebSocket.Frame close = ws.readMessage();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(4029);
        }
    }

    @Test
    void aRateLimitedRequestEchoesItsId() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            for (int i = 1; i <= RATE + 5; i++) {
                ws.sendText("{\"type\":\"ping\",\"id\":" + i + "}");
            }
            int pongs = 0;
            Long limitedId = null;
            for (int i = 0; i < RATE + 5; i++) {
                ServerMessage reply = decode(ws.readMessage());
                if (reply instanceof ServerMessage.ErrorMessage error && error.code().equals("rate_limited")) {
                    limitedId = error.id();
                    break;
                }
                pongs++;
            }
            assertThat(limitedId).as("the dropped request's id").isEqualTo((long) pongs + 1);
        }
    }

    @Test
    void aClientCloseIsAnsweredOnceWithItsCode() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            ws.sendClose(1000);
            RawWebSocket.Frame close = ws.readMessage();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1000);
            assertThat(ws.closeFramesUntilEnd()).isZero();
        }
    }

    @Test
    void aCloseCodeThatMayNotBeSentIsAnsweredWith1002() throws Exception {
        for (int code : new int[] {999, 1005, 1006, 1015, 2000, 5000}) {
            try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
                ws.sendClose(code);
                RawWebSocket.Frame close = ws.readMessage();
                assertThat(close).as("answer to close code " + code).isNotNull();
                assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
                assertThat(close.closeCode()).as("answer to close code " + code).isEqualTo(1002);
                assertThat(ws.closeFramesUntilEnd()).isZero();
            }
        }
    }

    @Test
    void afterTheServersCloseTheClientsCloseGetsNoSecondOne() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            ws.sendText("{\"type\":\"auth\",\"token\":\"not-a-token\"}");
            RawWebSocket.Frame error = ws.readMessage();
            assertThat(((ServerMessage.ErrorMessage) decode(error)).code()).isEqualTo("unauthorized");
            RawWebSocket.Frame close = ws.readMessage();
            assertThat(close.closeCode()).isEqualTo(4001);
            ws.sendClose(4001);
            assertThat(ws.closeFramesUntilEnd()).isZero();
        }
    }

    @Test
    void rsvBitsAndUnmaskedFramesAreProtocolErrors() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            ws.send(true, 4, RawWebSocket.TEXT, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8), true);
            RawWebSocket.Frame close = ws.readMessage();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1002);
            assertThat(ws.closeFramesUntilEnd()).isZero();
        }
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            ws.send(true, 0, RawWebSocket.TEXT, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8), false);
            RawWebSocket.Frame close = ws.readMessage();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1002);
        }
    }

    /**
     * Random frames: any opcode (reserved ones too), RSV bits, masked or not, fragments in any
     * order, random payloads. The server may answer or close as it sees fit, but it never sends
     * two close frames, and after all of it a well-behaved client is served at once.
     */
    @Test
    void fuzzedFramesNeverCrashOrWedgeTheServer() throws Exception {
        Random random = new Random(20261130L);
        for (int connection = 0; connection < 60; connection++) {
            try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
                int frames = 1 + random.nextInt(8);
                try {
                    for (int i = 0; i < frames; i++) {
                        byte[] payload = new byte[random.nextInt(random.nextBoolean() ? 16 : MAX_FRAME + 64)];
                        if (random.nextBoolean()) {
                            random.nextBytes(payload);
                        } else {
                            byte[] json = "{\"type\":\"ping\",\"id\":1}".getBytes(StandardCharsets.UTF_8);
                            payload = Arrays.copyOf(json, Math.min(json.length, 1 + random.nextInt(json.length)));
                        }
                        int opcode = random.nextInt(16);
                        if ((opcode & 0x8) != 0 && payload.length > 125) {
                            payload = Arrays.copyOf(payload, 125); // else it is only ever a length error
                        }
                        int rsv = random.nextInt(4) == 0 ? 1 + random.nextInt(7) : 0;
                        ws.send(random.nextInt(3) != 0, rsv, opcode, payload, random.nextInt(6) != 0);
                    }
                } catch (IOException closedByServer) {
                    // the server cut a connection it found broken: allowed
                }
                try {
                    ws.sendClose(1000); // ends the connection in every state: close frames may come mid-message
                } catch (IOException gone) {
                    // already closed by the server
                }
                int closes = ws.closeFramesUntilEnd();
                assertThat(closes).as("close frames on fuzzed connection " + connection).isLessThanOrEqualTo(1);
            }
        }
        try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
            ws.sendText("{\"type\":\"ping\",\"id\":99}");
            assertThat(((ServerMessage.Pong) decode(ws.readMessage())).id()).isEqualTo(99L);
        }
    }

}
