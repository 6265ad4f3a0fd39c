package io.tickwire.engine.command;

import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal's encoding of commands: compact binary, versioned by its first byte, so that
 * recovery can replay exactly the commands the engine saw.
 */
public final class CommandCodec {

    /**
     * Version 1, for every command without a deadline: the bytes the journals have always held.
     * Version 2 is a place or an amend with a deadline, which follows its fields as a long.
     */
    private static final byte VERSION = 1;
    private static final byte VERSION_WITH_DEADLINE = 2;
    private static final byte PLACE = 1;
    private static final byte CANCEL = 2;
    private static final byte AMEND = 3;
    private static final byte DEPOSIT = 4;
    private static final byte WITHDRAW = 5;
    private static final byte CANCEL_ALL = 6;
    /** The kinds from here on are new in their own layout: a batch's orders each carry a deadline long. */
    private static final byte PLACE_BATCH = 7;
    private static final byte CANCEL_ALL_AFTER = 8;
    private static final byte FIRE_CANCEL_ALL_AFTER = 9;
    private static final byte CANCEL_DISCONNECTED = 10;
    private static final byte TICK = 11;

    private CommandCodec() {
    }

    /**
     * The command's bytes. Written straight into an array of the exact size: this runs on the
     * sequencer thread for every command, where a stream, its buffer and a copy per command
     * showed in the profile. The bytes are those of {@link java.io.DataOutputStream} ({@code writeUTF}'s
     * modified UTF-8 for strings), which {@link #decode} reads, and which journals already hold.
     */
    public static byte[] encode(Command command) {
        byte[] bytes = new byte[size(command)];
        ByteBuffer out = ByteBuffer.wrap(bytes); // big-endian, as DataOutputStream
        long deadline = deadline(command);
        out.put(deadline != 0 ? VERSION_WITH_DEADLINE : VERSION);
        switch (command) {
            case Command.Place p -> {
                out.put(PLACE);
                ids(out, p);
                placeFields(out, p);
            }
            case Command.PlaceBatch b -> {
                out.put(PLACE_BATCH);
                ids(out, b);
                out.putShort((short) b.orders().size());
                for (Command.Place p : b.orders()) {
                    placeFields(out, p);
                    out.putLong(p.deadline());
                }
            }
            case Command.CancelAllAfter c -> {
                out.put(CANCEL_ALL_AFTER);
                ids(out, c);
                out.putLong(c.timeoutMs());
            }
            case Command.FireCancelAllAfter f -> {
                out.put(FIRE_CANCEL_ALL_AFTER);
                ids(out, f);
                out.putLong(f.triggerAt());
            }
            case Command.CancelDisconnected c -> {
                out.put(CANCEL_DISCONNECTED);
                ids(out, c);
                out.putInt(c.orderIds().size());
                for (long id : c.orderIds()) {
                    out.putLong(id);
                }
            }
            case Command.Tick t -> {
                out.put(TICK);
                ids(out, t);
            }
            case Command.Cancel c -> {
                out.put(CANCEL);
                ids(out, c);
                ref(out, c.order());
            }
            case Command.Amend a -> {
                out.put(AMEND);
                ids(out, a);
                ref(out, a.order());
                decimal(out, a.price());
                decimal(out, a.qty());
            }
            case Command.Deposit d -> {
                out.put(DEPOSIT);
                ids(out, d);
                utf(out, d.asset());
                decimal(out, d.amount());
            }
            case Command.Withdraw w -> {
                out.put(WITHDRAW);
                ids(out, w);
                utf(out, w.asset());
                decimal(out, w.amount());
            }
            case Command.CancelAll c -> {
                out.put(CANCEL_ALL);
                ids(out, c);
                string(out, c.market());
            }
        }
        if (deadline != 0) {
            out.putLong(deadline);
        }
        return bytes;
    }

    private static long deadline(Command command) {
        return switch (command) {
            case Command.Place p -> p.deadline();
            case Command.Amend a -> a.deadline();
            case Command.Cancel c -> 0;
            case Command.Deposit d -> 0;
            case Command.Withdraw w -> 0;
            case Command.CancelAll c -> 0;
            case Command.PlaceBatch b -> 0;
            case Command.CancelAllAfter c -> 0;
            case Command.FireCancelAllAfter f -> 0;
            case Command.CancelDisconnected c -> 0;
            case Command.Tick t -> 0;
        };
    }

    private static void placeFields(ByteBuffer out, Command.Place p) {
        utf(out, p.market());
        out.put((byte) p.side().ordinal());
        out.put((byte) p.type().ordinal());
        out.put((byte) p.tif().ordinal());
        decimal(out, p.price());
        decimal(out, p.qty());
        string(out, p.clientOrderId());
    }

    private static int placeSize(Command.Place p) {
        return utfSize(p.market()) + 3 + decimalSize(p.price()) + decimalSize(p.qty())
                + (p.clientOrderId() == null ? 1 : 1 + utfSize(p.clientOrderId()));
    }

    private static Command.Place place(DataInputStream in, long requestId, long userId, boolean deadlines)
            throws IOException {
        return new Command.Place(requestId, userId, in.readUTF(), Side.values()[in.readByte()],
                OrderType.values()[in.readByte()], TimeInForce.values()[in.readByte()], decimal(in), decimal(in),
                string(in), deadlines ? in.readLong() : 0);
    }

    private static int size(Command command) {
        int ids = 2 + 2 * Long.BYTES + (deadline(command) != 0 ? Long.BYTES : 0);
        return switch (command) {
            case Command.Place p -> ids + placeSize(p);
            case Command.PlaceBatch b -> ids + 2 + b.orders().stream().mapToInt(p -> placeSize(p) + Long.BYTES).sum();
            case Command.CancelAllAfter c -> ids + Long.BYTES;
            case Command.FireCancelAllAfter f -> ids + Long.BYTES;
            case Command.CancelDisconnected c -> ids + Integer.BYTES + c.orderIds().size() * Long.BYTES;
            case Command.Tick t -> ids;
            case Command.Cancel c -> ids + refSize(c.order());
            case Command.Amend a -> ids + refSize(a.order()) + decimalSize(a.price()) + decimalSize(a.qty());
            case Command.Deposit d -> ids + utfSize(d.asset()) + decimalSize(d.amount());
            case Command.Withdraw w -> ids + utfSize(w.asset()) + decimalSize(w.amount());
            case Command.CancelAll c -> ids + (c.market() == null ? 1 : 1 + utfSize(c.market()));
        };
    }

    /**
     * @throws IllegalArgumentException if the bytes are not a command of a known version
     */
    public static Command decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION && version != VERSION_WITH_DEADLINE) {
                throw new IllegalArgumentException("unknown command encoding version " + version);
            }
            boolean deadlines = version == VERSION_WITH_DEADLINE;
            byte kind = in.readByte();
            long requestId = in.readLong();
            long userId = in.readLong();
            return switch (kind) {
                case PLACE -> place(in, requestId, userId, deadlines);
                case CANCEL -> new Command.Cancel(requestId, userId, ref(in));
                case AMEND -> new Command.Amend(requestId, userId, ref(in), decimal(in), decimal(in),
                        deadlines ? in.readLong() : 0);
                case DEPOSIT -> new Command.Deposit(requestId, userId, in.readUTF(), decimal(in));
                case WITHDRAW -> new Command.Withdraw(requestId, userId, in.readUTF(), decimal(in));
                case CANCEL_ALL -> new Command.CancelAll(requestId, userId, string(in));
                case PLACE_BATCH -> {
                    int count = in.readUnsignedShort();
                    List<Command.Place> orders = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        orders.add(place(in, requestId, userId, true));
                    }
                    yield new Command.PlaceBatch(requestId, userId, orders);
                }
                case CANCEL_ALL_AFTER -> new Command.CancelAllAfter(requestId, userId, in.readLong());
                case FIRE_CANCEL_ALL_AFTER -> new Command.FireCancelAllAfter(requestId, userId, in.readLong());
                case CANCEL_DISCONNECTED -> {
                    int count = in.readInt();
                    if (count < 0 || count > bytes.length / Long.BYTES) {
                        throw new IllegalArgumentException("bad order count " + count);
                    }
                    List<Long> ids = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        ids.add(in.readLong());
                    }
                    yield new Command.CancelDisconnected(requestId, userId, ids);
                }
                case TICK -> new Command.Tick(requestId);
                default -> throw new IllegalArgumentException("unknown command kind " + kind);
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated command: " + e.getMessage(), e);
        }
    }

    private static void ids(ByteBuffer out, Command command) {
        out.putLong(command.requestId());
        out.putLong(command.userId());
    }

    private static int decimalSize(Decimal value) {
        return value == null ? 1 : 1 + Long.BYTES + 1;
    }

    private static void decimal(ByteBuffer out, Decimal value) {
        out.put((byte) (value != null ? 1 : 0));
        if (value != null) {
            out.putLong(value.unscaled());
            out.put((byte) value.scale());
        }
    }

    private static Decimal decimal(DataInputStream in) throws IOException {
        return in.readBoolean() ? Decimal.of(in.readLong(), in.readByte()) : null;
    }

    private static void string(ByteBuffer out, String value) {
        out.put((byte) (value != null ? 1 : 0));
        if (value != null) {
            utf(out, value);
        }
    }

    /** {@code writeUTF}'s length: modified UTF-8 ({@code U+0000} in two bytes) after a two-byte count. */
    private static int utfSize(String value) {
        int size = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            size += c >= 0x01 && c <= 0x7F ? 1 : c <= 0x7FF ? 2 : 3;
        }
        if (size > 0xFFFF) {
            throw new IllegalArgumentException("a string of the command is longer than 65,535 encoded bytes");
        }
        return 2 + size;
    }

    /** Writes the bytes, then the count before them: {@link #size} has measured the string already. */
    private static void utf(ByteBuffer out, String value) {
        int countAt = out.position();
        out.putShort((short) 0);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x01 && c <= 0x7F) {
                out.put((byte) c);
            } else if (c <= 0x7FF) {
                out.put((byte) (0xC0 | (c >> 6)));
                out.put((byte) (0x80 | (c & 0x3F)));
            } else {
                out.put((byte) (0xE0 | (c >> 12)));
                out.put((byte) (0x80 | ((c >> 6) & 0x3F)));
                out.put((byte) (0x80 | (c & 0x3F)));
            }
        }
        out.putShort(countAt, (short) (out.position() - countAt - 2));
    }

    private static String string(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static int refSize(OrderRef ref) {
        return switch (ref) {
            case OrderRef.ById byId -> 1 + Long.BYTES;
            case OrderRef.ByClientId byClientId -> 1 + utfSize(byClientId.clientOrderId());
        };
    }

    private static void ref(ByteBuffer out, OrderRef ref) {
        switch (ref) {
            case OrderRef.ById byId -> {
                out.put((byte) 0);
                out.putLong(byId.orderId());
            }
            case OrderRef.ByClientId byClientId -> {
                out.put((byte) 1);
                utf(out, byClientId.clientOrderId());
            }
        }
    }

    private static OrderRef ref(DataInputStream in) throws IOException {
        return in.readByte() == 0 ? OrderRef.byId(in.readLong()) : OrderRef.byClientId(in.readUTF());
    }
}
