package org.cortexflow.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.hashing.LongTupleHashFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentDigestTest {

    @TempDir
    Path dir;

    /** The goldens' byte strings (make_xxh128.py). */
    private static byte[] data(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ((i * 31L + 7) % 251);
        }
        return b;
    }

    private static String xxh128(byte[] bytes, int from, int len) {
        return HexFormat.of().formatHex(ContentDigest.canonical(LongTupleHashFunction.xx128().hashBytes(bytes, from, len)));
    }

    @Test
    void chunkHashesMatchTheReferenceXxhsum() throws Exception {
        List<String> rows = Files.readAllLines(Path.of(getClass().getResource("/golden/xxh128.tsv").toURI()));
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split("\t");
            byte[] bytes = data(Integer.parseInt(f[0]));
            assertThat(xxh128(bytes, 0, bytes.length)).as("length %s", f[0]).isEqualTo(f[1]);
            // as ContentDigest hashes it: a slice of a larger array
            byte[] padded = new byte[bytes.length + 10];
            System.arraycopy(bytes, 0, padded, 5, bytes.length);
            assertThat(xxh128(padded, 5, bytes.length)).as("slice, length %s", f[0]).isEqualTo(f[1]);
        }
    }

    /** The documented construction, from chunk hashes computed on byte arrays. */
    private static Digest expected(byte[] content) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(ContentDigest.SCHEME.getBytes(StandardCharsets.US_ASCII));
        int from = 0;
        while (true) {
            int len = Math.min(ContentDigest.CHUNK, content.length - from);
            sha.update(HexFormat.of().parseHex(xxh128(content, from, len)));
            from += len;
            if (len < ContentDigest.CHUNK) {
                break;
            }
        }
        sha.update(ByteBuffer.allocate(8).putLong(content.length).array());
        return new Digest(HexFormat.of().formatHex(sha.digest()));
    }

    @Test
    void aFileDigestIsTheDocumentedConstruction() throws Exception {
        for (int size : new int[] {0, 1000, ContentDigest.CHUNK, 2 * ContentDigest.CHUNK + 100}) {
            byte[] content = data(size);
            Path f = Files.write(dir.resolve("f" + size), content);
            assertThat(ContentDigest.of(f)).as("size %d", size).isEqualTo(expected(content));
        }
    }

    @Test
    void anyChangedOrAddedByteChangesTheDigest() throws Exception {
        byte[] content = data(ContentDigest.CHUNK + 5000);
        Path f = Files.write(dir.resolve("f"), content);
        Digest before = ContentDigest.of(f);
        content[ContentDigest.CHUNK + 4000] ^= 1;
        Files.write(f, content);
        Digest flipped = ContentDigest.of(f);
        ByteArrayOutputStream longer = new ByteArrayOutputStream();
        longer.write(data(ContentDigest.CHUNK + 5000));
        longer.write(0);
        Files.write(f, longer.toByteArray());
        Digest appended = ContentDigest.of(f);
        assertThat(List.of(before, flipped, appended)).doesNotHaveDuplicates();
    }

    @Test
    void aTreeHashedInParallelEqualsItsListingHashedInOrder() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        byte[] block = data(6 << 20);
        for (int i = 0; i < 4; i++) {
            block[1] = (byte) i;
            Files.write(Files.createDirectories(tree.resolve("sub" + i)).resolve("data.npy"), block);
        }
        Files.writeString(tree.resolve("index.tsv"), "id\nsub0\n");

        // the tree's digest is over its sorted relative paths, each with its file's content digest
        List<Object> listing = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(tree)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                listing.add(List.of(tree.relativize(f).toString(), expected(Files.readAllBytes(f))));
            }
        }

        assertThat(FileDigester.treeDigest(tree)).isEqualTo(Keys.hash("tree", listing));
    }

    @Test
    void aTreeMeasuredInOneWalkHasItsDigestAndItsOwnFilesBytes() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("measured"));
        Files.writeString(Files.createDirectories(tree.resolve("sub")).resolve("a.txt"), "alpha\n");
        Files.writeString(tree.resolve("b.txt"), "beta beta\n");
        Path outside = Files.writeString(dir.resolve("outside.txt"), "linked in, counted in the digest, not in the size\n");
        Files.createSymbolicLink(tree.resolve("link.txt"), outside);
        Files.createSymbolicLink(tree.resolve("linked-dir"), tree.resolve("sub")); // not descended

        FileDigester.Measured m = FileDigester.measure(tree);

        // the digest follows the link to a file, as the digest of any tree does
        List<Object> listing = new ArrayList<>();
        for (String name : List.of("b.txt", "link.txt", "sub/a.txt")) {
            listing.add(List.of(name, expected(Files.readAllBytes(tree.resolve(name)))));
        }
        assertThat(m.digest()).isEqualTo(Keys.hash("tree", listing)).isEqualTo(FileDigester.treeDigest(tree));
        // the size counts the tree's own files only, as the store's accounting does
        assertThat(m.bytes()).isEqualTo(6 + 10).isEqualTo(FileDigester.treeSize(tree));
    }
}
