package io.tickwire.protocol.message;

/** A topic name that is malformed, or names a kind of topic that does not exist. */
public final class TopicFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final boolean unknownKind;

    public TopicFormatException(String message, boolean unknownKind) {
        super(message);
        this.unknownKind = unknownKind;
    }

    /** True when the name is not of a known topic kind ({@code unknown_topic} on the wire). */
    public boolean unknownKind() {
        return unknownKind;
    }

    static String clip(String text) {
        return text.length() <= 48 ? text : text.substring(0, 48) + "...";
    }
}
