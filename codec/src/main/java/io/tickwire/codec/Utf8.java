package io.tickwire.codec;

/**
 * Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above
 * U+10FFFF. Jackson's parser is lenient about some of these, and a frame that smuggles an
 * overlong {@code p} into {@code "ping"} must not decode as a ping.
 */
final class Utf8 {

    private Utf8() {
    }

    /** Whether {@code length} bytes from {@code offset} are well-formed UTF-8. Linear, allocation-free. */
    static boolean isValid(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int need;
            int min;
            int cp;
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
                min = 0x80;
                cp = b & 0x1F;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                min = 0x800;
                cp = b & 0x0F;
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                min = 0x10000;
                cp = b & 0x07;
            } else {
                return false;
            }
            if (i + need >= end) {
                return false;
            }
            for (int k = 1; k <= need; k++) {
                int c = bytes[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += need + 1;
        }
        return true;
    }
}
