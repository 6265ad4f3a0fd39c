package io.tickwire.engine.book;

import io.tickwire.protocol.book.BookChecksum;

/** The orders resting at one price, oldest first, and their total remaining quantity. */
public final class PriceLevel {
    long price;
    long totalQty;
    int orderCount;
    RestingOrder head;
    RestingOrder tail;
    /** False once the level is emptied and pooled: a reference held across changes checks this. */
    boolean inBook;

    /**
     * {@code price:qty} as the checksum needs it: the {@code price:} part is valid while
     * {@link #encodedPrice} equals the price, the whole while {@link #encodedQty} also equals the
     * total. A level keeps its price for life, so most updates re-encode only the quantity.
     */
    final byte[] encoded = new byte[BookChecksum.MAX_LEVEL_BYTES];
    int encodedLength;
    int encodedPriceLength;
    long encodedPrice;
    long encodedQty = -1;

    public long price() {
        return price;
    }

    public long totalQty() {
        return totalQty;
    }

    public int orderCount() {
        return orderCount;
    }

    /** The oldest order: the next to fill. */
    public RestingOrder head() {
        return head;
    }

    /** Whether this level is still in its book at {@link #price()}; pooled levels are reused elsewhere. */
    public boolean inBook() {
        return inBook;
    }

    void append(RestingOrder order) {
        order.level = this;
        order.prev = tail;
        order.next = null;
        if (tail == null) {
            head = order;
        } else {
            tail.next = order;
        }
        tail = order;
        orderCount++;
        totalQty += order.remaining();
    }

    void unlink(RestingOrder order) {
        if (order.prev == null) {
            head = order.next;
        } else {
            order.prev.next = order.next;
        }
        if (order.next == null) {
            tail = order.prev;
        } else {
            order.next.prev = order.prev;
        }
        order.prev = null;
        order.next = null;
        order.level = null;
        orderCount--;
    }

    boolean isEmpty() {
        return head == null;
    }
}
