package io.tickwire.nats.wire;

/**
 * How the core hands its token revocations to gateway nodes. The body is
 * {@link io.tickwire.server.auth.RevocationCodec}'s JSON; the headers say which version of the
 * core's set it is:
 * <ul>
 *   <li>{@code STREAM.revoked}: each change (the revocations it added), and every second the
 *       version with no entries, so that a node that missed a change (cut from NATS at that
 *       moment) sees it is behind and asks for the whole set;</li>
 *   <li>{@code STREAM.revocations}: a request, answered on its reply subject with the whole set in
 *       force, cut into parts ({@link BatchFrame#PART}) when larger than a NATS message.</li>
 * </ul>
 * A version is {@code INSTANCE:N}: the core process's random id and the count of its changes, so
 * a node sees a restarted core as new and asks it for its set.
 */
public final class RevocationFrame {
    /** The header with the version, {@code INSTANCE:N}. */
    public static final String VERSION = "Tickwire-Revocations";

    private RevocationFrame() {
    }

    /** A version: the core's instance and its count of changes. */
    public record Version(String instance, long changes) {
        /** The header's form. */
        public String header() {
            return instance + ":" + changes;
        }

        /**
         * The version in a header.
         *
         * @throws IllegalArgumentException when {@code header} is missing or malformed
         */
        public static Version parse(String header) {
            int colon = header == null ? -1 : header.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("no revocations version: " + header);
            }
            try {
                return new Version(header.substring(0, colon), Long.parseLong(header.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a malformed revocations version: " + header, e);
            }
        }
    }
}
