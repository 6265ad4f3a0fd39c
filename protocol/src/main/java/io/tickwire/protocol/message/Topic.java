package io.tickwire.protocol.message;

import java.util.Objects;

/**
 * A topic a client can subscribe to: {@code book.<MARKET>}, {@code trades.<MARKET>},
 * {@code account} (the authenticated user's own stream), or a {@link Feed} topic of an upstream
 * feed captured by a relay. Parse wire names with {@link #parse}.
 */
public sealed interface Topic {

    /** Longest topic name accepted on input. */
    int MAX_LENGTH = 48;

    /** The one {@code account} topic. */
    Account ACCOUNT = new Account();

    /** The wire name, e.g. {@code book.BTC-USDT}. */
    String name();

    /** Whether anyone may subscribe, without authentication. */
    boolean isPublic();

    /** Order-book snapshots and deltas of one market. */
    record Book(String market) implements Topic {
        public Book {
            requireMarket(market);
        }

        @Override
        public String name() {
            return "book." + market;
        }

        @Override
        public boolean isPublic() {
            return true;
        }
    }

    /** Public trades of one market. */
    record Trades(String market) implements Topic {
        public Trades {
            requireMarket(market);
        }

        @Override
        public String name() {
            return "trades." + market;
        }

        @Override
        public boolean isPublic() {
            return true;
        }
    }

    /** {@code ticker.<MARKET>} (1.1): the market's rolling 24 h statistics and best prices. */
    record Ticker(String market) implements Topic {
        public Ticker {
            requireMarket(market);
        }

        @Override
        public String name() {
            return "ticker." + market;
        }

        @Override
        public boolean isPublic() {
            return true;
        }
    }

    /** {@code candles.<MARKET>.<INTERVAL>} (1.1): the market's candles of one interval. */
    record Candles(String market, CandleInterval interval) implements Topic {
        public Candles {
            requireMarket(market);
            Objects.requireNonNull(interval, "interval");
        }

        @Override
        public String name() {
            return "candles." + market + "." + interval.wire();
        }

        @Override
        public boolean isPublic() {
            return true;
        }
    }

    /** The authenticated user's orders, fills and balances. */
    record Account() implements Topic {
        @Override
        public String name() {
            return "account";
        }

        @Override
        public boolean isPublic() {
            return false;
        }
    }

    /**
     * A topic of an upstream feed captured by a relay ({@code btcusdt@trade}, {@code _rejected}):
     * its events are {@code feed.message}, {@code feed.gap} and {@code feed.rejected}. A node that
     * captures no such topic answers {@code unknown_topic}.
     */
    record Feed(String name) implements Topic {
        public Feed {
            Objects.requireNonNull(name, "name");
            if (!isFeedName(name)) {
                throw new TopicFormatException("malformed feed topic \"" + TopicFormatException.clip(name)
                        + "\": 1 to " + MAX_LENGTH + " of A-Z a-z 0-9 _ . - @ : ! ~ +, and not a name of "
                        + "Tickwire's own topics", false);
            }
        }

        @Override
        public boolean isPublic() {
            return true;
        }
    }

    /** A market's book; typed as such, so that the SDK's {@code subscribe} can return what holds the book. */
    static Book book(String market) {
        return new Book(market);
    }

    static Topic trades(String market) {
        return new Trades(market);
    }

    static Topic ticker(String market) {
        return new Ticker(market);
    }

    static Topic candles(String market, CandleInterval interval) {
        return new Candles(market, interval);
    }

    /** The user's account; typed as such, so that the SDK's {@code subscribe} can return what holds the mirror. */
    static Account account() {
        return ACCOUNT;
    }

    static Topic feed(String name) {
        return new Feed(name);
    }

    /**
     * Whether {@code market} is a well-formed market name: 1 to 16 of {@code A-Z 0-9}, a dash, 1 to
     * 16 more. A loop, not a regular expression: it runs for every order and subscription.
     */
    static boolean isMarket(String market) {
        if (market == null || market.length() > 33) {
            return false;
        }
        int dash = market.indexOf('-');
        return dash >= 1 && dash <= 16 && market.length() - dash - 1 >= 1 && market.length() - dash - 1 <= 16
                && upperAlphanumeric(market, 0, dash) && upperAlphanumeric(market, dash + 1, market.length());
    }

    private static boolean upperAlphanumeric(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code name} is a well-formed feed topic name: 1 to {@link #MAX_LENGTH} of
     * {@code A-Z a-z 0-9 _ . - @ : ! ~ +}, and not one Tickwire's own topics claim ({@code account},
     * {@code book}, {@code trades}, {@code <kind>.<MARKET>}).
     */
    static boolean isFeedName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isFeedChar(name.charAt(i))) {
                return false;
            }
        }
        return !claimedByTickwire(name);
    }

    /** Whether a feed topic name may hold {@code c}: {@code A-Z a-z 0-9 _ . - @ : ! ~ +}. */
    static boolean isFeedChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "_.-@:!~+".indexOf(c) >= 0;
    }

    /**
     * Names of Tickwire's own topics, present and to come: {@code account}, {@code book} and
     * {@code trades} with or without a suffix, and any lower-case kind followed by a market, with or
     * without more after it ({@code ticker.BTC-USDT}, {@code candles.BTC-USDT.1m}).
     */
    private static boolean claimedByTickwire(String name) {
        if (name.equals("account") || name.equals("book") || name.equals("trades") || name.startsWith("book.")
                || name.startsWith("trades.")) {
            return true;
        }
        int dot = name.indexOf('.');
        int end = dot < 0 ? -1 : name.indexOf('.', dot + 1);
        if (dot < 1 || !isMarket(name.substring(dot + 1, end < 0 ? name.length() : end))) {
            return false;
        }
        for (int i = 0; i < dot; i++) {
            char c = name.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    private static void requireMarket(String market) {
        Objects.requireNonNull(market, "market");
        if (!isMarket(market)) {
            throw new TopicFormatException("malformed market \"" + TopicFormatException.clip(market)
                    + "\": expected BASE-QUOTE, e.g. BTC-USDT", false);
        }
    }

    /**
     * Parses a wire topic name: one of Tickwire's own topics, or else a {@link Feed} topic.
     *
     * @throws TopicFormatException naming what is wrong; {@link TopicFormatException#unknownKind()}
     *                              tells a well-formed name of a kind that does not exist from a
     *                              malformed one
     */
    static Topic parse(String name) {
        if (name == null || name.isEmpty()) {
            throw new TopicFormatException("topic is empty", false);
        }
        if (name.length() > MAX_LENGTH) {
            throw new TopicFormatException("topic is longer than " + MAX_LENGTH + " characters", false);
        }
        if (name.equals("account")) {
            return ACCOUNT;
        }
        if (isFeedName(name)) {
            // Before the kinds: ticker.btcusdt names no market, so it is a captured feed's topic.
            return new Feed(name);
        }
        int dot = name.indexOf('.');
        String kind = dot < 0 ? name : name.substring(0, dot);
        return switch (kind) {
            case "book" -> new Book(name.substring(dot + 1));
            case "trades" -> new Trades(name.substring(dot + 1));
            case "ticker" -> new Ticker(name.substring(dot + 1));
            case "candles" -> candles(name, dot);
            default -> {
                if (claimedByTickwire(name)) {
                    throw new TopicFormatException("unknown topic \"" + TopicFormatException.clip(name)
                            + "\": topics are book.<MARKET>, trades.<MARKET>, ticker.<MARKET>, "
                            + "candles.<MARKET>.<INTERVAL> and account", true);
                }
                throw new TopicFormatException("malformed topic \"" + TopicFormatException.clip(name)
                        + "\": topics are book.<MARKET>, trades.<MARKET>, ticker.<MARKET>, "
                        + "candles.<MARKET>.<INTERVAL>, account, or a feed topic of 1 to "
                        + MAX_LENGTH + " of A-Z a-z 0-9 _ . - @ : ! ~ +", false);
            }
        };
    }

    private static Topic candles(String name, int dot) {
        int last = name.lastIndexOf('.');
        if (dot < 0 || last <= dot) {
            throw new TopicFormatException("malformed topic \"" + TopicFormatException.clip(name)
                    + "\": expected candles.<MARKET>.<INTERVAL>, e.g. candles.BTC-USDT.1m", false);
        }
        CandleInterval interval = CandleInterval.fromWire(name.substring(last + 1));
        if (interval == null) {
            throw new TopicFormatException("unknown candle interval in \"" + TopicFormatException.clip(name)
                    + "\": intervals are 1m, 5m, 15m, 1h, 4h and 1d", true);
        }
        return new Candles(name.substring(dot + 1, last), interval);
    }
}
