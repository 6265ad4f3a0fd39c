package io.tickwire.protocol.decimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0, 0",
            "0.000, 0, 3",
            "85000.00, 8500000, 2",
            "0.001, 1, 3",
            "1.5, 15, 1",
            "10, 10, 0",
            "0.000000000000000001, 1, 18",
            "9.223372036854775807, 9223372036854775807, 18",
            "9223372036854775807, 9223372036854775807, 0",
            "922337203685477580.7, 9223372036854775807, 1",
    })
    void parsesCanonicalStringsAndFormatsThemBackIdentically(String text, long unscaled, int scale) {
        Decimal decimal = Decimal.parse(text);
        assertThat(decimal).isEqualTo(new Decimal(unscaled, scale));
        assertThat(decimal.toString()).isEqualTo(text);
    }

    @Test
    void signedValuesReachLongMinValue() {
        assertThat(Decimal.parseSigned("-9223372036854775808")).isEqualTo(new Decimal(Long.MIN_VALUE, 0));
        assertThat(Decimal.parseSigned("-9.223372036854775808")).isEqualTo(new Decimal(Long.MIN_VALUE, 18));
        assertThat(Decimal.format(Long.MIN_VALUE, 18)).isEqualTo("-9.223372036854775808");
        assertThat(Decimal.format(Long.MIN_VALUE, 0)).isEqualTo("-9223372036854775808");
        assertThat(Decimal.parseSigned("-0.0085")).isEqualTo(new Decimal(-85, 4));
    }

    @Test
    void negativeZeroIsReadAsZero() {
        assertThat(Decimal.parseSigned("-0")).isEqualTo(Decimal.ZERO);
        assertThat(Decimal.parseSigned("-0.00")).isEqualTo(new Decimal(0, 2));
        assertThat(Decimal.parseSigned("-0.00").toString()).isEqualTo("0.00");
        assertThatThrownBy(() -> Decimal.parse("-0")).hasMessageContaining("negative");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''| empty",
            "+1| '+' sign",
            "-1| negative",
            "01| leading zeros",
            "00.5| leading zeros",
            ".5| start with a digit",
            "5.| followed by digits",
            "1e5| exponent",
            "1.5E-3| exponent",
            "1,5| unexpected character ','",
            "' 1'| start with a digit",
            "'1 '| unexpected character ' '",
            "NaN| start with a digit",
            "Infinity| start with a digit",
            "0x10| unexpected character 'x'",
            "1.2.3| unexpected character '.'",
            "9223372036854775808| out of range",
            "92233720368547758070| out of range",
            "0.0000000000000000001| more than 18 fraction digits",
            "１| start with a digit",
    })
    void rejectsEverythingThatIsNotCanonical(String text, String reason) {
        assertThatThrownBy(() -> Decimal.parse(text))
                .isInstanceOf(DecimalFormatException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void rejectsHugeInputWithoutReadingIt() {
        String huge = "1".repeat(10_000_000);
        assertThatThrownBy(() -> Decimal.parse(huge)).hasMessageContaining("too long");
    }

    @Test
    void convertsToAMarketScaleExactlyOrRefuses() {
        assertThat(Decimal.parse("85000.1").unscaledAt(2)).isEqualTo(8_500_010L);
        assertThat(Decimal.parse("85000").unscaledAt(2)).isEqualTo(8_500_000L);
        assertThat(Decimal.parse("0").unscaledAt(18)).isZero();
        assertThatThrownBy(() -> Decimal.parse("0.001").unscaledAt(2))
                .hasMessageContaining("3 fraction digits; at most 2");
        assertThatThrownBy(() -> Decimal.parse("0.010").unscaledAt(2))
                .as("strict: even a trailing zero beyond the scale is refused")
                .hasMessageContaining("at most 2");
        assertThatThrownBy(() -> Decimal.parse("9223372036854775807").unscaledAt(1))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> Decimal.parse("10").unscaledAt(18)).hasMessageContaining("out of range");
        assertThat(Decimal.parse("9").unscaledAt(18)).isEqualTo(9_000_000_000_000_000_000L);
    }

    @Test
    void comparesNumericallyAcrossScales() {
        assertThat(Decimal.parse("1.50").compareTo(Decimal.parse("1.5"))).isZero();
        assertThat(Decimal.parse("1.50")).isNotEqualTo(Decimal.parse("1.5"));
        assertThat(Decimal.parse("2").compareTo(Decimal.parse("1.999999999999999999"))).isPositive();
        assertThat(Decimal.parse("9223372036854775807").compareTo(Decimal.parse("0.000000000000000001"))).isPositive();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 8, 17, 18})
    void formatAgreesWithBigDecimalOnRandomValues(int scale) {
        SplittableRandom random = new SplittableRandom(scale);
        char[] buffer = new char[Decimal.FORMATTED_MAX_LENGTH];
        for (int i = 0; i < 20_000; i++) {
            long unscaled = switch (i % 4) {
                case 0 -> random.nextLong();
                case 1 -> random.nextLong(1_000);
                case 2 -> -random.nextLong(1_000_000);
                default -> random.nextLong(Long.MAX_VALUE);
            };
            String expected = new BigDecimal(BigInteger.valueOf(unscaled), scale).toPlainString();
            int length = Decimal.formatTo(unscaled, scale, buffer);
            assertThat(new String(buffer, 0, length)).isEqualTo(expected);
            if (unscaled >= 0) {
                assertThat(Decimal.parse(expected)).isEqualTo(new Decimal(unscaled, scale));
            } else {
                assertThat(Decimal.parseSigned(expected)).isEqualTo(new Decimal(unscaled, scale));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 8, 17, 18})
    void formatsToBytesAsToChars(int scale) {
        SplittableRandom random = new SplittableRandom(100 + scale);
        byte[] bytes = new byte[Decimal.FORMATTED_MAX_LENGTH + 8];
        long[] edges = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 10, 99, -100};
        for (int i = 0; i < 20_000; i++) {
            long unscaled = i < edges.length ? edges[i] : switch (i % 3) {
                case 0 -> random.nextLong();
                case 1 -> random.nextLong(1_000);
                default -> -random.nextLong(1_000_000);
            };
            int offset = i % 8;
            bytes[offset + Decimal.FORMATTED_MAX_LENGTH - 1] = '#';
            int end = Decimal.formatTo(unscaled, scale, bytes, offset);
            assertThat(new String(bytes, offset, end - offset, StandardCharsets.US_ASCII))
                    .isEqualTo(Decimal.format(unscaled, scale));
        }
    }
}
