package io.tickwire.engine.book;

import io.tickwire.engine.event.OrderView;
import io.tickwire.engine.market.Market;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.protocol.message.CancelReason;
import io.tickwire.protocol.message.OrderStatus;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An order the engine holds: its terms, its progress, what it has frozen, and its place in a
 * price level's FIFO (an intrusive doubly linked list, so a cancel is O(1)). Mutable, owned by
 * the engine thread.
 */
public final class RestingOrder implements OrderView {
    long orderId;
    long userId;
    String clientOrderId;
    Market market;
    Side side;
    OrderType type;
    TimeInForce tif;
    long price;
    long qty;
    long filledQty;
    long filledNotional;
    OrderStatus status;
    CancelReason cancelReason;
    long updatedAt;

    /** Balance units still frozen for this order: quote for a buy, base for a sell. */
    long frozen;

    /** The command stamp when this order was last reported, so a command reports it once. */
    long reportedStamp = -1;

    /** The owner's account: saves a map lookup per fill, cancel and amend. */
    UserAccount account;

    PriceLevel level;
    RestingOrder prev;
    RestingOrder next;

    public RestingOrder(long orderId, UserAccount account, String clientOrderId, Market market, Side side,
                        OrderType type, TimeInForce tif, long price, long qty, long updatedAt) {
        this.orderId = orderId;
        this.account = account;
        this.userId = account.userId();
        this.clientOrderId = clientOrderId;
        this.market = market;
        this.side = side;
        this.type = type;
        this.tif = tif;
        this.price = price;
        this.qty = qty;
        this.status = OrderStatus.NEW;
        this.updatedAt = updatedAt;
    }

    /** The next younger order at the same price, or {@code null}. */
    public RestingOrder nextInLevel() {
        return next;
    }

    /** The owner's account. */
    public UserAccount account() {
        return account;
    }

    public long remaining() {
        return qty - filledQty;
    }

    public boolean isResting() {
        return level != null;
    }

    /** The level the order rests in, or {@code null}. */
    public PriceLevel level() {
        return level;
    }

    public long frozen() {
        return frozen;
    }

    public void frozen(long frozen) {
        this.frozen = frozen;
    }

    public long reportedStamp() {
        return reportedStamp;
    }

    public void reportedStamp(long stamp) {
        this.reportedStamp = stamp;
    }

    /** Records a fill at {@code price}; the status follows. */
    public void fill(long fillQty, long fillPrice, long ts) {
        filledQty += fillQty;
        filledNotional += fillQty * fillPrice;
        status = filledQty == qty ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        updatedAt = ts;
    }

    /** Cancels the order, saying why (the {@code cancel_reason} of its update). */
    public void cancel(long ts, CancelReason reason) {
        status = OrderStatus.CANCELED;
        cancelReason = reason;
        updatedAt = ts;
    }

    /** Why a CANCELED order was canceled; {@code null} otherwise. */
    @Override
    public CancelReason cancelReason() {
        return cancelReason;
    }

    /** New terms for an amend; the status stays as the fills make it. */
    public void amend(long newPrice, long newQty, long ts) {
        price = newPrice;
        qty = newQty;
        updatedAt = ts;
    }

    public boolean isOpen() {
        return status == OrderStatus.NEW || status == OrderStatus.PARTIALLY_FILLED;
    }

    @Override
    public long orderId() {
        return orderId;
    }

    @Override
    public long userId() {
        return userId;
    }

    @Override
    public String clientOrderId() {
        return clientOrderId;
    }

    @Override
    public Market market() {
        return market;
    }

    @Override
    public Side side() {
        return side;
    }

    @Override
    public OrderType type() {
        return type;
    }

    @Override
    public TimeInForce tif() {
        return tif;
    }

    @Override
    public long price() {
        return price;
    }

    @Override
    public long qty() {
        return qty;
    }

    @Override
    public long filledQty() {
        return filledQty;
    }

    @Override
    public long filledNotional() {
        return filledNotional;
    }

    @Override
    public OrderStatus status() {
        return status;
    }

    @Override
    public long updatedAt() {
        return updatedAt;
    }

    /** Writes the order's durable state (not its place in a level: the book writes that). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(orderId);
        out.writeBoolean(clientOrderId != null);
        if (clientOrderId != null) {
            out.writeUTF(clientOrderId);
        }
        out.writeInt(market.id());
        out.writeByte(side.ordinal());
        out.writeByte(type.ordinal());
        out.writeByte(tif.ordinal());
        out.writeLong(price);
        out.writeLong(qty);
        out.writeLong(filledQty);
        out.writeLong(filledNotional);
        // The status byte's high nibble holds the cancel reason (its ordinal + 1; 0: none): a
        // snapshot from before cancel reasons reads back as orders without one.
        out.writeByte(status.ordinal() | (cancelReason == null ? 0 : (cancelReason.ordinal() + 1) << 4));
        out.writeLong(updatedAt);
        out.writeLong(frozen);
    }

    /** Reads an order written by {@link #writeTo}, owned by {@code account}. */
    public static RestingOrder readFrom(DataInput in, MarketRegistry markets,
                                        UserAccount account) throws IOException {
        long orderId = in.readLong();
        String clientOrderId = in.readBoolean() ? in.readUTF() : null;
        Market market = markets.market(in.readInt());
        Side side = Side.values()[in.readByte()];
        OrderType type = OrderType.values()[in.readByte()];
        TimeInForce tif = TimeInForce.values()[in.readByte()];
        RestingOrder order = new RestingOrder(orderId, account, clientOrderId, market, side, type, tif, in.readLong(),
                in.readLong(), 0);
        order.filledQty = in.readLong();
        order.filledNotional = in.readLong();
        int statusByte = in.readByte() & 0xFF;
        order.status = OrderStatus.values()[statusByte & 0x0F];
        order.cancelReason = (statusByte >> 4) == 0 ? null : CancelReason.values()[(statusByte >> 4) - 1];
        order.updatedAt = in.readLong();
        order.frozen = in.readLong();
        return order;
    }

    @Override
    public String toString() {
        return "Order[" + orderId + " u" + userId + " " + side + " " + remaining() + "@" + price + " " + status + "]";
    }
}
