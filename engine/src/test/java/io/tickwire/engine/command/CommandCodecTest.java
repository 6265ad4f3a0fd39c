package io.tickwire.engine.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CommandCodecTest {

    static List<Command> commands() {
        return List.of(
                new Command.Place(1, 2, "BTC-USDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                        Decimal.parse("80000.25"),
                        Decimal.parse("0.001"), "my-order-1"),
                new Command.Place(Long.MAX_VALUE, 9, "ETH-USDT", Side.SELL, OrderType.MARKET, TimeInForce.IOC, null,
                        Decimal.parse("3"), null),
                // Not ASCII, and U+0000, which modified UTF-8 writes in two bytes: journals must read back the same.
                new Command.Place(3, 4, "BTC-USDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, Decimal.parse("1"),
                        Decimal.parse("1"), "é€\u0000x"),
                new Command.Cancel(5, 6, OrderRef.byId(77)),
                new Command.Cancel(5, 6, OrderRef.byClientId("c-1")),
                new Command.Amend(7, 8, OrderRef.byId(9), Decimal.parse("10.5"), null),
                new Command.Amend(7, 8, OrderRef.byClientId("a"), null, Decimal.parse("2")),
                new Command.Deposit(10, 11, "USDT", Decimal.parse("1000000")),
                new Command.Withdraw(12, 13, "BTC", Decimal.parse("0.5")),
                new Command.CancelAll(14, 15, null),
                new Command.CancelAll(16, 17, "ETH-USDT"),
                new Command.PlaceBatch(18, 19, List.of(
                        new Command.Place(18, 19, "BTC-USDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                                Decimal.parse("84000.00"), Decimal.parse("0.010"), "b-1"),
                        new Command.Place(18, 19, "ETH-USDT", Side.SELL, OrderType.MARKET, TimeInForce.IOC, null,
                                Decimal.parse("1"), null, 1_734_533_790_500L))),
                new Command.CancelAllAfter(20, 21, 60_000),
                new Command.CancelAllAfter(20, 21, 0),
                new Command.FireCancelAllAfter(0, 21, 1_734_533_850_000L),
                new Command.CancelDisconnected(0, 22, List.of(5L, 9L, 1_000_000L)),
                new Command.CancelDisconnected(0, 22, List.of()),
                new Command.Tick(0));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void decodesWhatItEncodes(Command command) {
        assertThat(CommandCodec.decode(CommandCodec.encode(command))).isEqualTo(command);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void writesTheBytesThatJournalsAlreadyHold(Command command) throws IOException {
        assertThat(CommandCodec.encode(command)).isEqualTo(asFirstWritten(command));
    }

    @Test
    void aDeadlineIsVersionTwoTheFirstVersionsBytesAndTheDeadline() throws IOException {
        Command.Place place = new Command.Place(1, 2, "BTC-USDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                Decimal.parse("80000.25"), Decimal.parse("0.001"), "d-1", 1_734_533_790_500L);
        Command.Amend amend = new Command.Amend(7, 8, OrderRef.byId(9), null, Decimal.parse("2"), 1_734_533_790_501L);
        for (Command command : List.of(place, amend)) {
            byte[] bytes = CommandCodec.encode(command);
            assertThat(CommandCodec.decode(bytes)).isEqualTo(command);
            assertThat(bytes[0]).isEqualTo((byte) 2);
            long deadline = command instanceof Command.Place p ? p.deadline() : ((Command.Amend) command).deadline();
            byte[] first = asFirstWritten(command);
            assertThat(Arrays.copyOfRange(bytes, 1, first.length)).as("the fields as version 1 wrote them")
                    .isEqualTo(Arrays.copyOfRange(first, 1, first.length));
            assertThat(ByteBuffer.wrap(bytes, first.length, 8).getLong()).isEqualTo(deadline);
        }
    }

    @Test
    void refusesAStringTooLongForItsLengthField() {
        String huge = "x".repeat(70_000);
        assertThatThrownBy(() -> CommandCodec.encode(new Command.Deposit(1, 2, huge, Decimal.parse("1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65,535");
    }

    /** The encoding as the first version wrote it, through {@link DataOutputStream}: the on-disk format. */
    private static byte[] asFirstWritten(Command command) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        switch (command) {
            case Command.Place p -> {
                out.writeByte(1);
                ids(out, p);
                out.writeUTF(p.market());
                out.writeByte(p.side().ordinal());
                out.writeByte(p.type().ordinal());
                out.writeByte(p.tif().ordinal());
                decimal(out, p.price());
                decimal(out, p.qty());
                out.writeBoolean(p.clientOrderId() != null);
                if (p.clientOrderId() != null) {
                    out.writeUTF(p.clientOrderId());
                }
            }
            case Command.Cancel c -> {
                out.writeByte(2);
                ids(out, c);
                ref(out, c.order());
            }
            case Command.Amend a -> {
                out.writeByte(3);
                ids(out, a);
                ref(out, a.order());
                decimal(out, a.price());
                decimal(out, a.qty());
            }
            case Command.Deposit d -> {
                out.writeByte(4);
                ids(out, d);
                out.writeUTF(d.asset());
                decimal(out, d.amount());
            }
            case Command.Withdraw w -> {
                out.writeByte(5);
                ids(out, w);
                out.writeUTF(w.asset());
                decimal(out, w.amount());
            }
            case Command.CancelAll c -> {
                out.writeByte(6);
                ids(out, c);
                out.writeBoolean(c.market() != null);
                if (c.market() != null) {
                    out.writeUTF(c.market());
                }
            }
            case Command.PlaceBatch b -> {
                out.writeByte(7);
                ids(out, b);
                out.writeShort(b.orders().size());
                for (Command.Place p : b.orders()) {
                    out.writeUTF(p.market());
                    out.writeByte(p.side().ordinal());
                    out.writeByte(p.type().ordinal());
                    out.writeByte(p.tif().ordinal());
                    decimal(out, p.price());
                    decimal(out, p.qty());
                    out.writeBoolean(p.clientOrderId() != null);
                    if (p.clientOrderId() != null) {
                        out.writeUTF(p.clientOrderId());
                    }
                    out.writeLong(p.deadline());
                }
            }
            case Command.CancelAllAfter c -> {
                out.writeByte(8);
                ids(out, c);
                out.writeLong(c.timeoutMs());
            }
            case Command.FireCancelAllAfter f -> {
                out.writeByte(9);
                ids(out, f);
                out.writeLong(f.triggerAt());
            }
            case Command.CancelDisconnected c -> {
                out.writeByte(10);
                ids(out, c);
                out.writeInt(c.orderIds().size());
                for (long id : c.orderIds()) {
                    out.writeLong(id);
                }
            }
            case Command.Tick t -> {
                out.writeByte(11);
                ids(out, t);
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static void ids(DataOutputStream out, Command command) throws IOException {
        out.writeLong(command.requestId());
        out.writeLong(command.userId());
    }

    private static void decimal(DataOutputStream out, Decimal value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value.unscaled());
            out.writeByte(value.scale());
        }
    }

    private static void ref(DataOutputStream out, OrderRef ref) throws IOException {
        switch (ref) {
            case OrderRef.ById byId -> {
                out.writeByte(0);
                out.writeLong(byId.orderId());
            }
            case OrderRef.ByClientId byClientId -> {
                out.writeByte(1);
                out.writeUTF(byClientId.clientOrderId());
            }
        }
    }
}
