package org.cortexflow.tasks.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyArray;
import org.cortexflow.tasks.artifact.Table;
import org.cortexflow.tasks.io.nifti.BoldWriter;
import org.cortexflow.tasks.io.nifti.NiftiImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** fmri.read against nibabel's goldens (tasks/src/test/goldens/make_nifti.py) and SOURCES.md. */
class NiftiReadTest {

    @TempDir
    Path tmp;

    static JsonNode golden(String name) throws Exception {
        try (InputStream in = NiftiReadTest.class.getResourceAsStream("/golden/nifti/" + name)) {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature()).readTree(in);
        }
    }

    static Stream<Arguments> synthetic() throws Exception {
        JsonNode g = golden("synthetic.json");
        return Stream.of(g.fieldNames()).flatMap(it -> {
            List<String> names = new java.util.ArrayList<>();
            it.forEachRemaining(names::add);
            return names.stream();
        }).map(n -> Arguments.of(n, g.get(n)));
    }

    static Stream<Arguments> real() throws Exception {
        JsonNode g = golden("real.json");
        List<String> names = new java.util.ArrayList<>();
        g.fieldNames().forEachRemaining(names::add);
        return names.stream().map(n -> Arguments.of(n, g.get(n)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("synthetic")
    void syntheticImagesMatchNibabelBitForBit(String name, JsonNode g) throws Exception {
        check(TestResources.path("nifti/" + name), g);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("real")
    void realImagesMatchNibabelBitForBit(String name, JsonNode g) throws Exception {
        check(RealData.file("nifti/nibabel/" + name), g);
    }

    private void check(Path file, JsonNode g) throws Exception {
        Path out = Files.createDirectories(tmp.resolve(file.getFileName().toString()));
        Map<String, Object> meta;
        try (NiftiImage img = NiftiImage.open(file)) {
            meta = BoldWriter.write(img, Optional.empty(), BoldWriter.repetitionTime(img.header(), Optional.empty(), 0), out, Map.of());
        }
        assertThat(longs(meta.get("shape"))).containsExactlyElementsOf(longs(g.get("shape")));
        assertThat(meta.get("datatype")).isEqualTo(g.get("dtype").asText());
        assertThat(meta.get("byte_order")).isEqualTo(g.get("byte_order").asText());
        assertThat((String) meta.get("format")).startsWith("NIfTI-" + g.get("nifti_version").asInt());
        assertThat(meta.get("space_unit")).isEqualTo(g.get("space_unit").asText());
        assertThat(meta.get("time_unit")).isEqualTo(g.get("time_unit").asText());
        List<?> vs = (List<?>) meta.get("voxel_size");
        for (int i = 0; i < 3; i++) {
            assertThat(((Number) vs.get(i)).doubleValue()).isCloseTo(g.get("zooms").get(i).asDouble(), within(1e-9));
        }
        List<?> aff = (List<?>) meta.get("affine");
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                double want = g.get("affine").get(r).get(c).asDouble();
                assertThat(((Number) ((List<?>) aff.get(r)).get(c)).doubleValue()).as("affine[%d][%d]", r, c)
                        .isCloseTo(want, within(1e-5 * Math.max(1, Math.abs(want))));
            }
        }
        // nibabel reports unscaled data (slope 0 or absent) as slope 1, intercept 0; we write null
        assertThat(meta.get("scl_slope") == null ? 1.0 : (Double) meta.get("scl_slope")).isEqualTo(g.get("scl_slope").asDouble());
        assertThat(meta.get("scl_inter") == null ? 0.0 : (Double) meta.get("scl_inter")).isEqualTo(g.get("scl_inter").asDouble());
        Path bold = out.resolve(BoldWriter.BOLD);
        try (NpyArray a = NpyArray.open(bold)) {
            assertThat(a.header().fortranOrder()).isTrue();
            assertThat(a.header().dtype()).isEqualTo("<f4");
            float[] all = a.readAllFloats();
            for (int k = 0; k < g.get("sample_index").size(); k++) {
                int i = g.get("sample_index").get(k).asInt();
                assertThat(all[i]).as("voxel %d", i).isEqualTo((float) g.get("sample_value").get(k).asDouble());
            }
            assertThat(sha256(bold, a.header().dataOffset())).isEqualTo(g.get("sha256_f32_fortran").asText());
        }
    }

    @Test
    void realFilesHoldWhatSourcesMdSays() throws Exception {
        Map<String, Object> ex4d = read(RealData.file("nifti/nibabel/example4d.nii.gz"));
        assertThat(longs(ex4d.get("shape"))).containsExactly(128L, 96L, 24L, 2L);
        assertThat(ex4d.get("datatype")).isEqualTo("int16");
        assertThat((double) ex4d.get("tr")).isEqualTo(2.0);
        assertThat(ex4d.get("tr_source")).isEqualTo("header");
        assertThat(ex4d.get("warnings").toString()).contains("pixdim[4] = 2000 with time unit 's'").contains("2 s");
        assertThat(ex4d.get("descrip").toString()).startsWith("FSL3.3");
        assertThat(ex4d.get("sform_code")).isEqualTo(1);

        Map<String, Object> func = read(RealData.file("nifti/nibabel/functional.nii"));
        assertThat(longs(func.get("shape"))).containsExactly(17L, 21L, 3L, 20L);
        assertThat((double) func.get("tr")).isEqualTo(2.0);
        assertThat((List<?>) func.get("warnings")).isEmpty();
        assertThat((double) func.get("scl_slope")).isCloseTo(0.0754, within(1e-4));
        assertThat((double) func.get("scl_inter")).isCloseTo(3100.76, within(1e-2));
        assertThat(func.get("voxel_size")).isEqualTo(List.of(4.0, 4.0, 8.0));
        assertThat(func.get("sform_code")).isEqualTo(2);

        Map<String, Object> anat = read(RealData.file("nifti/nibabel/anatomical.nii"));
        assertThat(longs(anat.get("shape"))).containsExactly(33L, 41L, 25L);
        assertThat(anat.get("byte_order")).isEqualTo("big");
        assertThat(anat.get("tr")).isNull();
        assertThat(anat.get("voxel_size")).isEqualTo(List.of(2.0, 2.0, 2.0));

        Map<String, Object> n2 = read(RealData.file("nifti/nibabel/example_nifti2.nii.gz"));
        assertThat(n2.get("format")).isEqualTo("NIfTI-2 (gzip)");
        assertThat(longs(n2.get("shape"))).containsExactly(32L, 20L, 12L, 2L);
        assertThat((double) n2.get("tr")).isEqualTo(2.0);
    }

    @Test
    void millisecondUnitGivesSecondsWithoutWarning() throws Exception {
        Map<String, Object> m = read(TestResources.path("nifti/be_scaled_ms.nii.gz"));
        assertThat((double) m.get("tr")).isEqualTo(2.0);
        assertThat((List<?>) m.get("warnings")).isEmpty();
    }

    @Test
    void sidecarAndParameterOverrideTheHeaderTr() throws Exception {
        Path f = TestResources.path("nifti/dt_int16.nii");
        try (NiftiImage img = NiftiImage.open(f)) {
            BoldWriter.RepetitionTime side = BoldWriter.repetitionTime(img.header(), Optional.of(2.0), 0);
            assertThat(side.seconds()).contains(2.0);
            assertThat(side.source()).isEqualTo("sidecar");
            assertThat(side.warnings()).singleElement().asString().contains("differs from the header's 1.5 s");
            BoldWriter.RepetitionTime param = BoldWriter.repetitionTime(img.header(), Optional.of(2.0), 0.7);
            assertThat(param.seconds()).contains(0.7);
        }
    }

    @Test
    void maskKeepsNonZeroVoxelsAsVolumeByVoxelMatrix() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("masked"));
        TaskRunner r = TaskRunner.run(new FmriRead(), tmp, Map.of("path", RealData.file("nifti/nibabel/functional.nii").toString(),
                "mask", TestResources.path("nifti/functional_mask.nii.gz").toString()));
        Path dir = r.out();
        Map<String, Object> meta = MetaJson.read(dir);
        assertThat(meta.get("layout")).isEqualTo("masked");
        assertThat(Files.exists(dir.resolve(BoldWriter.BOLD))).isFalse();
        JsonNode idx = golden("functional_masked_voxels.json").get("flat_index_fortran");
        assertThat(meta.get("n_voxels")).isEqualTo(idx.size());
        try (NpyArray got = NpyArray.open(dir.resolve(BoldWriter.TIMESERIES));
             NpyArray want = NpyArray.open(TestResources.path("golden/nifti/functional_masked_timeseries.npy"))) {
            assertThat(got.shape()).containsExactly(20L, idx.size());
            assertThat(got.readAllFloats()).containsExactly(want.readAllFloats());
        }
        Table vox = Table.read(dir.resolve(BoldWriter.VOXELS));
        assertThat(vox.size()).isEqualTo(idx.size());
        for (int v = 0; v < idx.size(); v++) {
            long f = idx.get(v).asLong();
            assertThat(Long.parseLong(vox.get(v, "i").orElseThrow()) + 17 * Long.parseLong(vox.get(v, "j").orElseThrow())
                    + 17 * 21 * Long.parseLong(vox.get(v, "k").orElseThrow())).isEqualTo(f);
        }
        // world coordinates from the sform: x = -4 i + 32, y = 4 j - 40, z = 8 k
        assertThat(Double.parseDouble(vox.get(0, "x").orElseThrow()))
                .isEqualTo(-4 * Double.parseDouble(vox.get(0, "i").orElseThrow()) + 32);
        assertThat(out).exists();
    }

    @Test
    void maskOnAnotherGridIsRefused() {
        assertThatThrownBy(() -> TaskRunner.run(new FmriRead(), tmp, Map.of("path", TestResources.path("nifti/nifti2.nii").toString(),
                "mask", TestResources.path("nifti/functional_mask.nii.gz").toString())))
                .isInstanceOf(FileFormatError.class).hasMessageContaining("do not match");
    }

    @Test
    void directoryOfImagesBecomesASet() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("imgs"));
        Files.copy(TestResources.path("nifti/nifti2.nii"), d.resolve("a.nii"));
        Files.copy(TestResources.path("nifti/be_scaled_ms.nii.gz"), d.resolve("b.nii.gz"));
        TaskRunner r = TaskRunner.run(new FmriRead(), tmp, Map.of("path", d.toString()));
        Table runs = Table.read(r.out().resolve("runs.tsv"));
        assertThat(runs.column("id")).containsExactly("a", "b");
        assertThat(runs.column("n_volumes")).containsExactly("5", "3");
        assertThat(MetaJson.read(r.out().resolve("b")).get("tr")).isEqualTo(2.0);
    }

    @Test
    void bidsRootPairsBoldWithEventsAndSidecarTr() throws Exception {
        Path ds = RealData.file("bids/ds003720");
        Path root = Files.createDirectories(tmp.resolve("bids"));
        Path func = Files.createDirectories(root.resolve("sub-001/func"));
        Files.copy(ds.resolve("dataset_description.json"), root.resolve("dataset_description.json"));
        for (String run : List.of("Test_run-01", "Training_run-04")) {
            for (String f : List.of("_bold.json", "_events.tsv")) {
                Files.copy(ds.resolve("sub-001/func/sub-001_task-" + run + f), func.resolve("sub-001_task-" + run + f));
            }
        }
        Files.copy(RealData.file("nifti/nibabel/functional.nii"), func.resolve("sub-001_task-Test_run-01_bold.nii"));
        Files.copy(TestResources.path("nifti/be_scaled_ms.nii.gz"), func.resolve("sub-001_task-Training_run-04_bold.nii.gz"));
        TaskRunner r = TaskRunner.run(new FmriRead(), tmp, Map.of("path", root.toString()));
        Table runs = Table.read(r.out().resolve("runs.tsv"));
        assertThat(runs.column("id")).containsExactly("sub-001_task-Test_run-01", "sub-001_task-Training_run-04");
        assertThat(runs.column("subject")).containsExactly("001", "001");
        assertThat(runs.column("task")).containsExactly("Test", "Training");
        assertThat(runs.column("run")).containsExactly("01", "04");
        assertThat(runs.column("tr")).containsExactly("1.5", "1.5"); // RepetitionTime of the sidecars, not pixdim[4]
        Map<String, Object> meta = MetaJson.read(r.out().resolve("sub-001_task-Test_run-01"));
        assertThat(meta.get("tr_source")).isEqualTo("sidecar");
        assertThat(meta.get("warnings").toString()).contains("differs from the header's 2 s");
        Table ev = Table.read(r.out().resolve("sub-001_task-Training_run-04/events.tsv"));
        assertThat(ev.size()).isEqualTo(41);
        assertThat(ev.column("onset").get(40)).isEqualTo("600");
        assertThat(r.logText()).contains("warning");
        TaskRunner only = TaskRunner.run(new FmriRead(), tmp.resolve("t2"), Map.of("path", root.toString(), "task", "Test"));
        assertThat(Table.read(only.out().resolve("runs.tsv")).size()).isEqualTo(1);
    }

    private Map<String, Object> read(Path f) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("r" + System.nanoTime()));
        try (NiftiImage img = NiftiImage.open(f)) {
            return BoldWriter.write(img, Optional.empty(), BoldWriter.repetitionTime(img.header(), Optional.empty(), 0), out, Map.of());
        }
    }

    static List<Long> longs(Object o) {
        if (o instanceof JsonNode n) {
            List<Long> l = new java.util.ArrayList<>();
            n.forEach(x -> l.add(x.asLong()));
            return l;
        }
        return ((List<?>) o).stream().map(x -> ((Number) x).longValue()).toList();
    }

    static String sha256(Path f, long from) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] all = Files.readAllBytes(f);
        md.update(all, (int) from, all.length - (int) from);
        return HexFormat.of().formatHex(md.digest());
    }
}
