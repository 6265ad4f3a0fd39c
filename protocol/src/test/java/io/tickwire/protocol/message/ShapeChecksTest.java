package io.tickwire.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written shape checks of client order ids and market names (loops, for the order path)
 * accept exactly what the regular expressions of the protocol accept, on random strings built
 * near the edges: allowed and forbidden characters, empty, at and past the length limits.
 */
class ShapeChecksTest {
    private static final Pattern CLIENT_ORDER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,36}");
    private static final Pattern MARKET = Pattern.compile("[A-Z0-9]{1,16}-[A-Z0-9]{1,16}");
    private static final String ALPHABET = "AZaz09._:--/ é\u0000+";

    private static String random(Random random, int maxLength) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            s.append(random.nextInt(4) == 0 ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
                    : (char) ('A' + random.nextInt(26)));
        }
        return s.toString();
    }

    @Test
    void clientOrderIdsAsTheProtocolSays() {
        Random random = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            String id = random(random, 40);
            assertThat(ClientOrderIds.isValid(id)).as("\"" + id
                    + "\"").isEqualTo(CLIENT_ORDER_ID.matcher(id).matches());
        }
        assertThat(ClientOrderIds.isValid(null)).isFalse();
        assertThat(ClientOrderIds.isValid("x".repeat(36))).isTrue();
        assertThat(ClientOrderIds.isValid("x".repeat(37))).isFalse();
    }

    @Test
    void marketNamesAsTheProtocolSays() {
        Random random = new Random(2);
        for (int i = 0; i < 200_000; i++) {
            String market = random.nextBoolean() ? random(random, 36)
                    : random(random, 18).toUpperCase() + "-" + random(random, 18).toUpperCase();
            assertThat(Topic.isMarket(market)).as("\"" + market + "\"").isEqualTo(MARKET.matcher(market).matches());
        }
        assertThat(Topic.isMarket("A".repeat(16) + "-" + "B".repeat(16))).isTrue();
        assertThat(Topic.isMarket("A".repeat(17) + "-B")).isFalse();
        assertThat(Topic.isMarket("-B")).isFalse();
        assertThat(Topic.isMarket("A-")).isFalse();
        assertThat(Topic.isMarket(null)).isFalse();
    }
}
