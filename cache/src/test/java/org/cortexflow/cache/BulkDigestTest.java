package org.cortexflow.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkDigestTest {

    @TempDir
    Path dir;

    @Test
    void largeFilesHashToTheJdksSha256() throws Exception {
        byte[] block = new byte[1 << 20];
        new Random(7).nextBytes(block);
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        Path big = dir.resolve("big.bin");
        try (OutputStream out = Files.newOutputStream(big)) {
            for (int i = 0; i < 17; i++) {
                block[0] = (byte) i;
                out.write(block);
                jdk.update(block);
            }
        }
        byte[] expected = jdk.digest();

        MessageDigest bulk = BulkDigest.sha256(Files.size(big));
        bulk.update(Files.readAllBytes(big));

        assertThat(HexFormat.of().formatHex(bulk.digest())).isEqualTo(HexFormat.of().formatHex(expected));
        assertThat(FileDigester.treeDigest(big)).isEqualTo(Keys.hash("file", new Digest(HexFormat.of().formatHex(expected))));
    }

    @Test
    void aTreeHashedInParallelEqualsItsListingHashedInOrder() throws Exception {
        byte[] block = new byte[6 << 20];
        Path tree = Files.createDirectories(dir.resolve("tree"));
        for (int i = 0; i < 4; i++) {
            block[1] = (byte) i;
            Files.write(Files.createDirectories(tree.resolve("sub" + i)).resolve("data.npy"), block);
        }
        Files.writeString(tree.resolve("index.tsv"), "id\nsub0\n");

        // the tree's digest is over its sorted relative paths, each with its file's raw SHA-256
        java.util.List<Object> raw = new java.util.ArrayList<>();
        try (var walk = Files.walk(tree)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update(Files.readAllBytes(f));
                raw.add(java.util.List.of(tree.relativize(f).toString(), new Digest(HexFormat.of().formatHex(md.digest()))));
            }
        }

        assertThat(FileDigester.treeDigest(tree)).isEqualTo(Keys.hash("tree", raw));
    }
}
