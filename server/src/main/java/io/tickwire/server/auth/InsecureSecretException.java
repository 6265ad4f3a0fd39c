package io.tickwire.server.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A token secret file that others than its owner may read or change: whoever reads it can sign
 * tokens of any user with any scope, so a node refuses to start on it and says how to fix it.
 */
public final class InsecureSecretException extends IOException {
    public InsecureSecretException(Path file, Set<PosixFilePermission> permissions) {
        super("the token secret " + file + " is open to group or others (" + PosixFilePermissions.toString(permissions)
                + "); anyone who reads it can sign tokens. Fix it with: chmod 600 " + file);
    }
}
