package io.tickwire.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A token given as {@code --token-file}: kept out of argv, where every user of the machine can read
 * it in the process list.
 */
final class TokenFile {

    private TokenFile() {
    }

    /**
     * The token in {@code file}: its content without surrounding white space. Its text is never
     * printed, not even in an error (a wrong file may hold another secret).
     *
     * @throws IllegalArgumentException naming the file, when it cannot be read or holds more than one token
     */
    static String read(Path file) {
        String text;
        try {
            text = Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("--token-file: cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (text.isEmpty() || text.length() > 8192 || text.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("--token-file: " + file + " must hold one token (a JWT) and nothing"
                    + " else");
        }
        return text;
    }
}
