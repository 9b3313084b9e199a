package org.cortexflow.tasks.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.io.audio.AudioWriter;
import org.cortexflow.tasks.io.nifti.BoldWriter;
import org.cortexflow.tasks.io.nifti.NiftiImage;
import org.cortexflow.tasks.io.table.TableReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates real and synthetic NIfTI, audio and table files (truncation, byte flips in the header,
 * swapped and extreme header fields) and requires each read to end cleanly: a result, or a
 * FileFormatError; never another exception, an OutOfMemoryError or a hang (5 s per mutation).
 */
class MediaFuzzTest {

    private static final long SEED = 20261121L;

    @TempDir
    Path tmp;

    private int mutations;
    private int rejected;

    interface Reader {
        void read(Path file, Path out) throws Exception;
    }

    @Test
    void mutatedFilesFailCleanlyOrRead() throws Exception {
        Random rnd = new Random(SEED);
        Reader nifti = (f, out) -> {
            try (NiftiImage img = NiftiImage.open(f)) {
                BoldWriter.write(img, Optional.empty(), BoldWriter.repetitionTime(img.header(), Optional.empty(), 0), out, Map.of());
            }
        };
        Reader audio = (f, out) -> AudioWriter.write(f, new AudioWriter.Options(0, false), out, Map.of());
        Reader table = (f, out) -> TableReader.read(f);

        List<Path> niftis = new ArrayList<>();
        for (String n : List.of("functional.nii", "anatomical.nii", "example_nifti2.nii.gz")) {
            niftis.add(RealData.file("nifti/nibabel/" + n));
        }
        for (String n : List.of("be_scaled_ms.nii.gz", "nifti2.nii", "dt_float64.nii", "pair.hdr", "qform_only.nii")) {
            niftis.add(TestResources.path("nifti/" + n));
        }
        List<Path> pcm = new ArrayList<>();
        try (Stream<Path> s = Files.list(TestResources.path("audio"))) {
            s.sorted().forEach(pcm::add);
        }
        Path flac = prefix(RealData.file("audio/sonic-pi/loop_amen.flac"), 24_000);
        Path ogg = RealData.file("audio/librosa-data/sorohanro_-_solo-trumpet-06.ogg");
        Path mp3 = prefix(RealData.file("audio/esp-adf-via-harmonium/gs-16b-2c-44100hz.mp3"), 12_000);
        Path tsv = RealData.file("bids/ds003720/sub-001/func/sub-001_task-Training_run-04_events.tsv");
        Path csv = tmp.resolve("t.csv");
        Files.writeString(csv, "\uFEFFname,score,ok\r\n\"Smith, J\",1.5,true\r\n\"say \"\"hi\"\"\",n/a,false\r\n");

        for (int i = 0; i < 560; i++) {
            Path base = niftis.get(i % niftis.size());
            mutate(rnd, base, nifti, base.getFileName().toString().endsWith(".gz") ? 0 : 540, niftiFields(base));
        }
        for (int i = 0; i < 300; i++) {
            mutate(rnd, pcm.get(i % pcm.size()), audio, 64, new int[0]);
        }
        for (int i = 0; i < 100; i++) {
            mutate(rnd, flac, audio, 64, new int[0]);
            mutate(rnd, ogg, audio, 256, new int[0]);
            mutate(rnd, mp3, audio, 200, new int[0]);
        }
        for (int i = 0; i < 60; i++) {
            mutate(rnd, i % 2 == 0 ? tsv : csv, table, 200, new int[0]);
        }
        System.out.println("media fuzz: " + mutations + " mutations, " + rejected + " rejected with FileFormatError");
        assertThat(mutations).isGreaterThanOrEqualTo(1000);
        assertThat(rejected).isGreaterThan(mutations / 4);
    }

    /** The first {@code n} bytes of a file: a short base keeps each mutation fast. */
    private Path prefix(Path f, int n) throws IOException {
        byte[] all = Files.readAllBytes(f);
        Path p = tmp.resolve("prefix-" + f.getFileName());
        Files.write(p, Arrays.copyOf(all, Math.min(n, all.length)));
        return p;
    }

    /** Offsets of NIfTI-1 header fields (dim, datatype, bitpix, vox_offset, scl_slope, sform) to swap or push to extremes. */
    private static int[] niftiFields(Path f) {
        return f.getFileName().toString().endsWith(".gz") ? new int[0] : new int[] {40, 42, 44, 46, 48, 70, 72, 108, 112, 116, 252, 254};
    }

    private void mutate(Random rnd, Path base, Reader reader, int headerBytes, int[] fields) throws Exception {
        byte[] b = Files.readAllBytes(base);
        int kind = rnd.nextInt(fields.length > 0 ? 4 : 3);
        String what;
        if (kind == 0) {
            int cut = rnd.nextBoolean() ? rnd.nextInt(Math.min(b.length, Math.max(headerBytes, 16) * 2)) : rnd.nextInt(b.length);
            b = Arrays.copyOf(b, cut);
            what = "truncated to " + cut + " bytes";
        } else if (kind == 1 || kind == 2) {
            int flips = 1 + rnd.nextInt(4);
            int span = kind == 1 ? Math.min(b.length, Math.max(headerBytes, 16)) : b.length;
            StringBuilder sb = new StringBuilder("bytes set:");
            for (int k = 0; k < flips; k++) {
                int at = rnd.nextInt(span);
                b[at] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : b[at] ^ (1 << rnd.nextInt(8)));
                sb.append(' ').append(at);
            }
            what = sb.toString();
        } else {
            int a = fields[rnd.nextInt(fields.length)];
            int c = fields[rnd.nextInt(fields.length)];
            if (rnd.nextBoolean()) {
                byte t0 = b[a];
                byte t1 = b[a + 1];
                b[a] = b[c];
                b[a + 1] = b[c + 1];
                b[c] = t0;
                b[c + 1] = t1;
                what = "fields at " + a + " and " + c + " swapped";
            } else {
                short v = new short[] {Short.MAX_VALUE, Short.MIN_VALUE, -1, 0, 1, 0x7F7F}[rnd.nextInt(6)];
                b[a] = (byte) (v >> 8);
                b[a + 1] = (byte) v;
                what = "field at " + a + " set to " + v;
            }
        }
        String name = base.getFileName().toString();
        Path dir = Files.createDirectories(tmp.resolve("m" + mutations));
        Path f = dir.resolve(name);
        Files.write(f, b);
        if (name.endsWith(".hdr")) {
            Files.copy(base.resolveSibling(name.replace(".hdr", ".img")), dir.resolve(name.replace(".hdr", ".img")));
        }
        Path out = Files.createDirectories(dir.resolve("out"));
        mutations++;
        String label = name + " " + what;
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                reader.read(f, out);
            } catch (FileFormatError e) {
                rejected++;
                assertThat(e.getMessage()).as(label).contains(f.getFileName().toString());
            } catch (Throwable t) {
                throw new AssertionError(label + ": " + t, t);
            }
        }, label);
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
