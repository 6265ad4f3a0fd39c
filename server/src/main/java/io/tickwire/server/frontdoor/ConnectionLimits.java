package io.tickwire.server.frontdoor;

import com.sun.management.UnixOperatingSystemMXBean;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts connections in total, per authenticated user, and per address while anonymous, against
 * the configured limits. The
 * total is held below the process's file-descriptor limit as well: past it the kernel still
 * completes TCP handshakes that the server can no longer accept, so clients would hang with no
 * answer. Below it, a connection over the limit is accepted and answered HTTP 503.
 */
final class ConnectionLimits {
    /**
     * Descriptors kept free of connections: the journal's segments, the snapshot being written,
     * the JVM's own jars and sockets, and the one a refused client needs to be told 503.
     */
    static final long FD_RESERVE = 256;

    /** The address an anonymous connection is counted against, until it authenticates or closes. */
    private static final AttributeKey<InetAddress> ANONYMOUS_FROM = AttributeKey.valueOf("tickwire.anonymousFrom");

    private final int maxTotal;
    private final int maxPerUser;
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger webSockets = new AtomicInteger();
    private final ConcurrentHashMap<Long, AtomicInteger> perUser = new ConcurrentHashMap<>();
    private final int maxPerAddress;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    ConnectionLimits(int maxTotal, int maxPerUser) {
        this(maxTotal, maxPerUser, Integer.MAX_VALUE);
    }

    ConnectionLimits(int maxTotal, int maxPerUser, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
    }

    /** Anonymous WebSocket connections one address may hold. */
    int maxPerAddress() {
        return maxPerAddress;
    }

    /**
     * Counts an anonymous WebSocket of {@code channel} against {@code address}; false, counting
     * nothing, when the address holds its limit already. The count is given back when the
     * connection authenticates ({@link #authenticated}) or closes, whichever comes first: one
     * host cannot hold the node's sockets without tokens, while a broker's authenticated
     * connections from one address are bounded per user instead.
     */
    boolean tryAnonymous(Channel channel, InetAddress address) {
        AtomicInteger count = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerAddress) {
            release(address, count);
            return false;
        }
        channel.attr(ANONYMOUS_FROM).set(address);
        channel.closeFuture().addListener(f -> authenticated(channel));
        return true;
    }

    /** The connection of {@code channel} is no longer anonymous (or is gone): its address's count is given back. */
    void authenticated(Channel channel) {
        InetAddress address = channel.attr(ANONYMOUS_FROM).getAndSet(null);
        if (address != null) {
            AtomicInteger count = perAddress.get(address);
            if (count != null) {
                release(address, count);
            }
        }
    }

    /** Decrements; an address with none left leaves the table, so it holds only addresses connected now. */
    private void release(InetAddress address, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) {
            perAddress.remove(address, count);
        }
    }


    /**
     * The limit in force: {@code min(maxConnections, fdLimit - reserve)}, and never below 1.
     *
     * @param fdLimit the process's descriptor limit, or a negative number when it is unknown
     */
    static int effective(int maxConnections, long fdLimit) {
        if (fdLimit < 0) {
            return maxConnections;
        }
        return (int) Math.max(1, Math.min(maxConnections, fdLimit - FD_RESERVE));
    }

    /** This process's limit on open file descriptors ({@code ulimit -n}), or -1 where the JVM cannot say. */
    static long fdLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }

    int maxTotal() {
        return maxTotal;
    }

    boolean tryOpen() {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return false;
        }
        return true;
    }

    void closed() {
        total.decrementAndGet();
    }

    /** A connection upgraded to WebSocket; {@link #webSocketClosed()} when it ends. */
    void webSocketOpened() {
        webSockets.incrementAndGet();
    }

    void webSocketClosed() {
        webSockets.decrementAndGet();
    }

    boolean tryUser(long userId) {
        AtomicInteger count = perUser.computeIfAbsent(userId, k -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerUser) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    void userClosed(long userId) {
        AtomicInteger count = perUser.get(userId);
        if (count != null) {
            count.decrementAndGet();
        }
    }

    /** Open WebSocket connections: what {@code tickwire_connections} reports. */
    int openWebSockets() {
        return webSockets.get();
    }
}
