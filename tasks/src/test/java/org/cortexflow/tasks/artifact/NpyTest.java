package org.cortexflow.tasks.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path tmp;

    static Path golden(String name) throws URISyntaxException {
        return Path.of(NpyTest.class.getResource("/golden/npy/" + name).toURI());
    }

    @Test
    void readsFilesWrittenByNumpy() throws Exception {
        try (NpyArray a = NpyArray.open(golden("f4_2x3.npy"))) {
            assertThat(a.shape()).containsExactly(2, 3);
            assertThat(a.readAllFloats()).containsExactly(0f, 0.5f, 1f, 1.5f, 2f, 2.5f);
        }
        try (NpyArray a = NpyArray.open(golden("f8_be_4.npy"))) {
            assertThat(a.header().dtype()).isEqualTo(">f8");
            assertThat(a.readAllDoubles()).containsExactly(1.5, -2.25, 3e10, -0.0);
        }
        try (NpyArray a = NpyArray.open(golden("i2_fortran_2x3.npy"))) {
            assertThat(a.header().fortranOrder()).isTrue();
            // column-major: [0,0], [1,0], [0,1], [1,1], ...
            assertThat(a.readAllFloats()).containsExactly(1, -4, -2, 5, 3, -32768);
        }
        try (NpyArray a = NpyArray.open(golden("u1_3.npy"))) {
            assertThat(a.readAllDoubles()).containsExactly(0, 200, 255);
        }
    }

    @Test
    void headerFollowsTheNumpyFormatSpecification() throws Exception {
        Path f = tmp.resolve("x.npy");
        NpyWriter.writeFloat32(f, new float[] {1, 2, 3}, 3);
        byte[] b = Files.readAllBytes(f);
        assertThat(Arrays.copyOf(b, 6)).isEqualTo(NpyHeader.MAGIC);
        assertThat(b[6]).isEqualTo((byte) 1);
        assertThat(b[7]).isEqualTo((byte) 0);
        int headerLen = ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        int dataStart = 10 + headerLen;
        assertThat(dataStart % 64).as("data aligned to 64 bytes").isZero();
        String dict = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
        assertThat(dict).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }").endsWith("\n");
        assertThat(b.length).isEqualTo(dataStart + 12);
        assertThat(ByteBuffer.wrap(b, dataStart, 12).order(ByteOrder.LITTLE_ENDIAN).getFloat(dataStart + 8)).isEqualTo(3f);
    }

    @Test
    void writesInPiecesAtAnyOffsetAndReadsBack() throws Exception {
        Path f = tmp.resolve("big.npy");
        int n = 200_000;
        try (NpyWriter w = NpyWriter.float32(f, 2, n)) {
            float[] row = new float[n];
            for (int i = 0; i < n; i++) {
                row[i] = i;
            }
            w.write(n, row, 0, n); // second row first
            w.write(0, row, 100, 1000);
        }
        try (NpyArray a = NpyArray.open(f)) {
            float[] got = new float[3];
            a.read(n + 150_000, got, 0, 3);
            assertThat(got).containsExactly(150_000f, 150_001f, 150_002f);
            a.read(999, got, 0, 3);
            assertThat(got).containsExactly(1099f, 0f, 0f);
        }
    }

    @Test
    void zeroSizedAndScalarShapesRoundTrip() throws Exception {
        Path f = tmp.resolve("empty.npy");
        NpyWriter.writeFloat64(f, new double[0], 0, 5);
        try (NpyArray a = NpyArray.open(f)) {
            assertThat(a.shape()).containsExactly(0, 5);
            assertThat(a.size()).isZero();
        }
    }

    @Test
    void truncatedAndForeignFilesGiveAClearError() throws Exception {
        Path f = tmp.resolve("t.npy");
        NpyWriter.writeFloat32(f, new float[100], 10, 10);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 7));
        assertThatThrownBy(() -> NpyArray.open(f)).isInstanceOf(FileFormatError.class)
                .hasMessageContaining("truncated").hasMessageContaining("t.npy");
        Path g = tmp.resolve("g.npy");
        Files.writeString(g, "hello, not numpy at all");
        assertThatThrownBy(() -> NpyArray.open(g)).isInstanceOf(FileFormatError.class)
                .hasMessageContaining("at byte 0").hasMessageContaining("magic");
        Path h = tmp.resolve("h.npy");
        Files.write(h, NpyHeader.encode("<c8", false, 2));
        assertThatThrownBy(() -> NpyArray.open(h)).isInstanceOf(FileFormatError.class)
                .hasMessageContaining("unsupported dtype '<c8'");
    }

    @Test
    void hugeDeclaredShapeIsRejectedWithoutAllocating() throws IOException {
        Path f = tmp.resolve("huge.npy");
        Files.write(f, NpyHeader.encode("<f4", false, 1L << 40, 1L << 30));
        assertThatThrownBy(() -> NpyArray.open(f)).isInstanceOf(FileFormatError.class).hasMessageContaining("shape");
    }
}
