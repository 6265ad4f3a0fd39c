package io.tickwire.server.frontdoor;

import io.tickwire.agent.AgentThreads;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's TLS certificate and key, reloaded while it runs: on SIGHUP, and when either file
 * changes (checked every few seconds), so that a renewed certificate (from an ACME client, say)
 * is served without a restart. New connections get the new certificate; open ones keep theirs.
 * A file that does not load (half written, a key that does not match) keeps the certificate in
 * use and says so in the log; the next change or SIGHUP tries again.
 *
 * <p>SIGHUP is handled by replacing the JVM's own handler for it (which would shut the JVM
 * down); every gateway in the process is reloaded by it.
 */
final class ReloadingTls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReloadingTls.class);
    /** How often the files' modification times are compared. */
    static final long CHECK_INTERVAL_MS = 2_000;
    private static final Set<ReloadingTls> ON_SIGHUP = new CopyOnWriteArraySet<>();
    private static volatile boolean sighupInstalled;

    private final FrontDoorConfig.Tls files;
    private final ScheduledExecutorService watcher;
    private volatile SslContext current;
    private FileTime certTime;
    private FileTime keyTime;

    private ReloadingTls(FrontDoorConfig.Tls files, SslContext first) throws IOException {
        this.files = files;
        this.current = first;
        this.certTime = Files.getLastModifiedTime(files.certificate());
        this.keyTime = Files.getLastModifiedTime(files.privateKey());
        this.watcher = Executors.newSingleThreadScheduledExecutor(
                AgentThreads.factory("tls-reload", e -> log.error("TLS reload failed", e)));
    }

    /**
     * Loads the files and starts watching them.
     *
     * @throws FrontDoorBindException when they cannot be used; the message names them
     */
    static ReloadingTls load(FrontDoorConfig.Tls files) throws FrontDoorBindException {
        ReloadingTls tls;
        try {
            tls = new ReloadingTls(files, build(files));
        } catch (IOException e) {
            throw new FrontDoorBindException("tls: cannot read " + files.certificate() + " or " + files.privateKey()
                    + ": " + e.getMessage(), e);
        }
        tls.watcher.scheduleWithFixedDelay(tls::reloadIfChanged, CHECK_INTERVAL_MS, CHECK_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
        ON_SIGHUP.add(tls);
        installSighup();
        return tls;
    }

    /** The context for a new connection. */
    SslContext current() {
        return current;
    }

    /** Reloads now (the SIGHUP path, and a change of the files). */
    void reload() {
        synchronized (this) {
            try {
                certTime = Files.getLastModifiedTime(files.certificate());
                keyTime = Files.getLastModifiedTime(files.privateKey());
                current = build(files);
                log.info("tls: reloaded the certificate {} and key {}", files.certificate(), files.privateKey());
            } catch (IOException e) { // FrontDoorBindException among them
                log.warn("tls: kept the certificate in use; the new files do not load: {}", e.getMessage());
            }
        }
    }

    private void reloadIfChanged() {
        try {
            FileTime cert = Files.getLastModifiedTime(files.certificate());
            FileTime key = Files.getLastModifiedTime(files.privateKey());
            boolean changed;
            synchronized (this) {
                changed = !cert.equals(certTime) || !key.equals(keyTime);
            }
            if (changed) {
                reload();
            }
        } catch (IOException e) {
            log.debug("tls: cannot read the files' times: {}", e.toString()); // being replaced: next time
        } catch (RuntimeException e) {
            log.warn("tls: the reload check failed: {}", e.toString()); // keep the schedule alive
        }
    }

    static SslContext build(FrontDoorConfig.Tls tls) throws FrontDoorBindException {
        try {
            return SslContextBuilder.forServer(tls.certificate().toFile(), tls.privateKey().toFile()).build();
        } catch (Exception | Error e) {
            throw new FrontDoorBindException("tls: cannot use the certificate " + tls.certificate() + " with the key "
                    + tls.privateKey() + " (PEM, the key unencrypted PKCS#8): " + e.getMessage(), e);
        }
    }

    private static synchronized void installSighup() {
        if (sighupInstalled) {
            return;
        }
        // sun.misc.Signal through reflection: javac warns on any use of it by name, and the build
        // treats warnings as errors. jdk.unsupported exports it to every module for this purpose.
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(ReloadingTls.class.getClassLoader(),
                    new Class<?>[] {handlerClass}, (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            for (ReloadingTls tls : ON_SIGHUP) {
                                tls.reload();
                            }
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "tickwire-tls-sighup";
                        };
                    });
            Object hup = signalClass.getConstructor(String.class).newInstance("HUP");
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, hup, handler);
            sighupInstalled = true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // No SIGHUP here (Windows), or the JVM keeps it (-Xrs): the files are still watched.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            log.info("tls: SIGHUP cannot be handled here ({}); certificates reload when their files change",
                    cause.toString());
        }
    }

    @Override
    public void close() {
        ON_SIGHUP.remove(this);
        watcher.shutdownNow();
    }
}
