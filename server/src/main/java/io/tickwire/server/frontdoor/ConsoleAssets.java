package io.tickwire.server.frontdoor;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.tickwire.server.frontdoor.rest.HttpResponses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

/**
 * The browser console and {@code tickwire.js}, served from the jar's resources: {@code GET /} is
 * the console's page, {@code /tickwire.js} the client module users may take for their own pages
 * (and {@code /tickwire/*.js} the modules it imports), {@code /console/*} the console's own
 * modules and styles. The files are read once, when the
 * class loads, so a request costs no disk access and no blocking on the event loop; each has an
 * {@code ETag}, and {@code Cache-Control: no-cache} makes browsers revalidate, so an upgrade is
 * seen on the next load. Each file is also gzipped once at load and sent so to a browser that
 * accepts it (a cold load is then about a third of the bytes); REST answers are not compressed.
 */
final class ConsoleAssets {
    /** Where the files are, in the jar. */
    static final String RESOURCES = "/io/tickwire/server/console/";
    /**
     * The page may load only its own scripts and styles, and connect only to its own origin (and
     * its WebSocket); no inline script runs, so a value the page shows can never execute.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none';"
            + " form-action 'none'";

    private static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("/", "index.html"),
            Map.entry("/index.html", "index.html"),
            Map.entry("/tickwire.js", "tickwire.js"),
            // tickwire.js's parts, which it imports relative to itself: only these, by name.
            Map.entry("/tickwire/account.js", "tickwire/account.js"),
            Map.entry("/tickwire/book.js", "tickwire/book.js"),
            Map.entry("/tickwire/codes.js", "tickwire/codes.js"),
            Map.entry("/tickwire/command.js", "tickwire/command.js"),
            Map.entry("/tickwire/decimal.js", "tickwire/decimal.js"),
            Map.entry("/tickwire/subscription.js", "tickwire/subscription.js"),
            Map.entry("/console/console.js", "console.js"),
            Map.entry("/console/views.js", "views.js"),
            Map.entry("/console/charts.js", "charts.js"),
            Map.entry("/console/console.css", "console.css"),
            Map.entry("/console/favicon.svg", "favicon.svg"));
    /**
     * tickwire.js's browser self-test: in the server's test resources, not the jar, so a production
     * node never serves it; served where it is on the classpath (the server's own tests, which run
     * it in a browser).
     */
    private static final Map<String, String> TEST_FILES = Map.of(
            "/console/test.html", "test.html",
            "/console/tickwire.test.js", "tickwire.test.js");

    private final Map<String, Asset> byPath;

    /** One file: its bytes, gzipped once at load (null when that saves nothing), its type and entity tag. */
    private record Asset(byte[] body, byte[] gzipped, String contentType, String etag) {
    }

    private ConsoleAssets(Map<String, Asset> byPath) {
        this.byPath = byPath;
    }

    /**
     * Reads every file from the jar now, when the gateway is built: a jar without them fails to
     * start rather than on a browser's first request.
     */
    static ConsoleAssets load() {
        Map<String, Asset> assets = new HashMap<>();
        Map<String, Asset> byFile = new HashMap<>();
        FILES.forEach((path, file) -> assets.put(path, byFile.computeIfAbsent(file, ConsoleAssets::read)));
        TEST_FILES.forEach((path, file) -> {
            if (ConsoleAssets.class.getResource(RESOURCES + file) != null) {
                assets.put(path, read(file));
            }
        });
        return new ConsoleAssets(Map.copyOf(assets));
    }

    /** The paths served, for tests and docs. */
    List<String> paths() {
        return byPath.keySet().stream().sorted().toList();
    }

    /**
     * Answers a {@code GET} or {@code HEAD} of a console path; false when {@code path} is not one
     * (the caller goes on). The connection stays open unless the request asked to close it.
     */
    boolean serve(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        HttpMethod method = request.method();
        Asset asset = byPath.get(path);
        if (asset == null || !(method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD))) {
            return false;
        }
        // The compressed bytes are another representation of the file, so they get their own tag.
        boolean gzip = asset.gzipped != null && acceptsGzip(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
        byte[] body = gzip ? asset.gzipped : asset.body;
        String etag = gzip ? asset.etag.substring(0, asset.etag.length() - 1) + "-gzip\"" : asset.etag;
        boolean notModified = etag.equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH));
        boolean head = method.equals(HttpMethod.HEAD);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                notModified ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK,
                notModified || head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        if (gzip) {
            response.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
        }
        response.headers()
                .set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING)
                .set(HttpHeaderNames.ETAG, etag)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set("X-Content-Type-Options", "nosniff")
                // The console takes its token from ?token=: it must not leak to another site.
                .set("Referrer-Policy", "no-referrer")
                .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
        if (isPublicModule(path)) {
            // A public module for users' own pages, which import it (and so its parts, fetched in
            // CORS mode as every module is) from their own origins.
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        }
        HttpResponses.send(ctx, request, response, asset.contentType, notModified ? 0 : body.length, false);
        return true;
    }

    /** {@code /tickwire.js} and its parts under {@code /tickwire/}. */
    static boolean isPublicModule(String path) {
        return path.equals("/tickwire.js") || path.startsWith("/tickwire/");
    }

    private static Asset read(String file) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the console's " + RESOURCES + file);
            }
            byte[] body = in.readAllBytes();
            CRC32 crc = new CRC32();
            crc.update(body);
            String etag = "\"" + HexFormat.of().toHexDigits((int) crc.getValue()) + "-" + body.length + "\"";
            return new Asset(body, gzip(body), contentType(file), etag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether an Accept-Encoding header takes gzip (and does not refuse it with q=0). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.trim().split(";");
            if (parts[0].trim().equalsIgnoreCase("gzip")) {
                for (int i = 1; i < parts.length; i++) {
                    String param = parts[i].trim().replace(" ", "");
                    if (param.matches("q=0(\\.0*)?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.size() < body.length ? out.toByteArray() : null;
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (file.endsWith(".svg")) {
            return "image/svg+xml";
        }
        throw new IllegalStateException("no content type for " + file);
    }
}
