package io.tickwire.engine.command;

import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The journal's encoding of commands: compact binary, versioned by its first byte, so that
 * recovery can replay exactly the commands the engine saw.
 */
public final class CommandCodec {

    private static final byte VERSION = 1;
    private static final byte PLACE = 1;
    private static final byte CANCEL = 2;
    private static final byte AMEND = 3;
    private static final byte DEPOSIT = 4;
    private static final byte WITHDRAW = 5;

    private CommandCodec() {
    }

    public static byte[] encode(Command command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            switch (command) {
                case Command.Place p -> {
                    out.writeByte(PLACE);
                    ids(out, p);
                    out.writeUTF(p.market());
                    out.writeByte(p.side().ordinal());
                    out.writeByte(p.type().ordinal());
                    out.writeByte(p.tif().ordinal());
                    decimal(out, p.price());
                    decimal(out, p.qty());
                    string(out, p.clientOrderId());
                }
                case Command.Cancel c -> {
                    out.writeByte(CANCEL);
                    ids(out, c);
                    ref(out, c.order());
                }
                case Command.Amend a -> {
                    out.writeByte(AMEND);
                    ids(out, a);
                    ref(out, a.order());
                    decimal(out, a.price());
                    decimal(out, a.qty());
                }
                case Command.Deposit d -> {
                    out.writeByte(DEPOSIT);
                    ids(out, d);
                    out.writeUTF(d.asset());
                    decimal(out, d.amount());
                }
                case Command.Withdraw w -> {
                    out.writeByte(WITHDRAW);
                    ids(out, w);
                    out.writeUTF(w.asset());
                    decimal(out, w.amount());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IllegalArgumentException if the bytes are not a command of a known version
     */
    public static Command decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown command encoding version " + version);
            }
            byte kind = in.readByte();
            long requestId = in.readLong();
            long userId = in.readLong();
            return switch (kind) {
                case PLACE -> new Command.Place(requestId, userId, in.readUTF(), Side.values()[in.readByte()],
                        OrderType.values()[in.readByte()], TimeInForce.values()[in.readByte()], decimal(in), decimal(in),
                        string(in));
                case CANCEL -> new Command.Cancel(requestId, userId, ref(in));
                case AMEND -> new Command.Amend(requestId, userId, ref(in), decimal(in), decimal(in));
                case DEPOSIT -> new Command.Deposit(requestId, userId, in.readUTF(), decimal(in));
                case WITHDRAW -> new Command.Withdraw(requestId, userId, in.readUTF(), decimal(in));
                default -> throw new IllegalArgumentException("unknown command kind " + kind);
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated command: " + e.getMessage(), e);
        }
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

    private static Decimal decimal(DataInputStream in) throws IOException {
        return in.readBoolean() ? Decimal.of(in.readLong(), in.readByte()) : null;
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String string(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
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

    private static OrderRef ref(DataInputStream in) throws IOException {
        return in.readByte() == 0 ? OrderRef.byId(in.readLong()) : OrderRef.byClientId(in.readUTF());
    }
}
