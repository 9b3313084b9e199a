package org.cortexflow.cache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.Optional;

/**
 * SHA-256 for large files. The JDK's SHA-256 is Java code: under the launcher's quick-start JIT
 * (C1 only) it hashes about 60 MB/s here, against about 200 MB/s for BoringSSL's native code
 * (through Conscrypt), whatever the JIT does. The digests are identical; where Conscrypt has no
 * native library for the platform, the JDK's is used.
 */
final class BulkDigest {

    /** Below this size the JDK's digest is used: loading the native library costs about 0.2 s. */
    static final long THRESHOLD = 16L << 20;

    private BulkDigest() {
    }

    private static final class Native {
        static final Optional<Provider> PROVIDER = load();

        private static Optional<Provider> load() {
            try {
                Provider p = org.conscrypt.Conscrypt.newProvider();
                MessageDigest.getInstance("SHA-256", p);
                return Optional.of(p);
            } catch (Throwable unavailable) { // no native library for this platform: the JDK's will do
                return Optional.empty();
            }
        }
    }

    /** A SHA-256 digest suited to hashing {@code size} bytes. */
    static MessageDigest sha256(long size) {
        if (size >= THRESHOLD && Native.PROVIDER.isPresent()) {
            try {
                return MessageDigest.getInstance("SHA-256", Native.PROVIDER.get());
            } catch (NoSuchAlgorithmException e) {
                return Digest.sha256();
            }
        }
        return Digest.sha256();
    }
}
