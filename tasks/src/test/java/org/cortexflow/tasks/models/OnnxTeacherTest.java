package org.cortexflow.tasks.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyArray;
import org.cortexflow.tasks.artifact.NpzArchive;
import org.cortexflow.tasks.signal.TaskHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxTeacherTest {

    @TempDir
    Path tmp;

    private static Path model(String name) {
        Path p = Path.of("src/test/resources/golden/models", name);
        return p.toFile().exists() ? p : Goldens.dir().resolve(name);
    }

    /** Rows of a golden array as an input source. */
    private static InputSource rows(float[] x, int n, int d) {
        return new InputSource() {
            @Override
            public int height() {
                return 1;
            }

            @Override
            public int width() {
                return d;
            }

            @Override
            public void fill(int epoch, float[] dst, int off) throws IOException {
                System.arraycopy(x, epoch * d, dst, off, d);
            }
        };
    }

    private static float[] embed(OnnxTeacher t, int n) throws IOException {
        float[] got = new float[n * t.width()];
        for (int i = 0; i < n; i++) {
            t.fill(i, got, i * t.width());
        }
        return got;
    }

    /** In one batch, and two epochs at a time (the import reuses arrays between calls of the same size). */
    @Test
    void nodeOutputActivationsMatchPyTorch() throws Exception {
        Map<String, NpzArchive.Entry> g = Goldens.load("onnx_teacher.npz");
        float[] x = g.get("x").data();
        Map<String, String> layers = Map.of("embedding", "embedding", "/Relu_1_output_0", "hidden",
                "/conv/Conv_output_0", "conv", "logits", "logits");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        for (int chunk : new int[] {64, 2}) {
            for (Map.Entry<String, String> e : layers.entrySet()) {
                NpzArchive.Entry expected = g.get(e.getValue());
                try (OnnxTeacher t = OnnxTeacher.open(model("onnx_teacher.onnx"), e.getKey(), rows(x, 5, 128), 5,
                        new PrintStream(log, true, StandardCharsets.UTF_8), chunk)) {
                    assertThat(t.width()).as(e.getKey()).isEqualTo((int) expected.shape()[1]);
                    assertThat(Goldens.relativeError(embed(t, 5), expected.data())).as(e.getKey() + " by " + chunk).isLessThan(1e-4);
                    assertThat(t.describe()).containsEntry("format", "onnx").containsEntry("opset", 13)
                            .containsEntry("input_shape", List.of(-1L, 1L, 2L, 64L));
                }
            }
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("onnx import:");
    }

    @Test
    void aFlatInputWithAFixedBatchOfOneRunsEpochByEpoch() throws Exception {
        Map<String, NpzArchive.Entry> g = Goldens.load("onnx_teacher.npz");
        float[] x = g.get("x").data();
        try (OnnxTeacher t = OnnxTeacher.open(model("onnx_teacher_flat.onnx"), "/1/Relu_output_0", rows(x, 5, 128), 5, null)) {
            assertThat(t.width()).isEqualTo(8);
            assertThat(Goldens.relativeError(embed(t, 5), g.get("flat_hidden").data())).isLessThan(1e-4);
        }
        try (OnnxTeacher t = OnnxTeacher.open(model("onnx_teacher_flat.onnx"), "out", rows(x, 5, 128), 5, null)) {
            assertThat(Goldens.relativeError(embed(t, 5), g.get("flat_out").data())).isLessThan(1e-4);
        }
    }

    @Test
    void aNodeOutputTheFileDoesNotHaveIsAnErrorNamingTheOnesItHas() {
        assertThatThrownBy(() -> OnnxTeacher.open(model("onnx_teacher.onnx"), "pool5", rows(new float[128], 1, 128), 1, null))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("no node output 'pool5'")
                .hasMessageContaining("/conv/Conv_output_0, /Relu_output_0").hasMessageContaining("embedding");
    }

    @Test
    void anInputOfTheWrongSizeIsAnErrorBeforeTheImport() {
        assertThatThrownBy(() -> OnnxTeacher.open(model("onnx_teacher.onnx"), "embedding", rows(new float[96], 1, 96), 1, null))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("takes 128 input values")
                .hasMessageContaining("[n, 1, 2, 64]").hasMessageContaining("gives 96");
    }

    @Test
    void aTruncatedOrForeignFileIsAFileFormatError() throws Exception {
        byte[] whole = Files.readAllBytes(model("onnx_teacher.onnx"));
        Path cut = tmp.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> OnnxTeacher.open(cut, "embedding", rows(new float[128], 1, 128), 1, null))
                .isInstanceOf(FileFormatError.class).hasMessageContaining("not a readable ONNX model");
        Path text = tmp.resolve("text.onnx");
        Files.writeString(text, "this is not a network\n");
        assertThatThrownBy(() -> OnnxTeacher.open(text, "embedding", rows(new float[128], 1, 128), 1, null))
                .isInstanceOf(FileFormatError.class).hasMessageContaining("ONNX");
        assertThatThrownBy(() -> OnnxTeacher.open(tmp.resolve("none.onnx"), "embedding", rows(new float[128], 1, 128), 1, null))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("no ONNX model file");
    }

    /** The golden model with one node changed, written to {@code name}. */
    private Path edited(String name, String opType, java.util.function.UnaryOperator<Onnx.NodeProto> edit) throws Exception {
        Onnx.ModelProto m = Onnx.ModelProto.parseFrom(Files.readAllBytes(model("onnx_teacher.onnx")));
        Onnx.GraphProto.Builder g = m.getGraph().toBuilder();
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (g.getNode(i).getOpType().equals(opType)) {
                g.setNode(i, edit.apply(g.getNode(i)));
                break;
            }
        }
        Path p = tmp.resolve(name);
        Files.write(p, m.toBuilder().setGraph(g).build().toByteArray());
        return p;
    }

    private static InputSource zeros() {
        return rows(new float[128], 1, 128);
    }

    @Test
    void operatorsTheImportCannotTakeAreRefusedBeforeItRuns() throws Exception {
        Path gap = edited("gap.onnx", "Flatten", n -> n.toBuilder().setOpType("GlobalAveragePool").build());
        assertThatThrownBy(() -> OnnxTeacher.open(gap, "embedding", zeros(), 1, null)).isInstanceOf(TaskFailure.class)
                .hasMessageContaining("GlobalAveragePool node ('/Flatten')").hasMessageContaining("ReduceMean");
        Path reshape = edited("reshape.onnx", "Flatten", n -> n.toBuilder().setOpType("Reshape").build());
        assertThatThrownBy(() -> OnnxTeacher.open(reshape, "embedding", zeros(), 1, null)).isInstanceOf(TaskFailure.class)
                .hasMessageContaining("Reshape node");
        Path conv1d = edited("conv1d.onnx", "Conv", n -> {
            Onnx.NodeProto.Builder b = n.toBuilder().clearAttribute();
            for (Onnx.AttributeProto a : n.getAttributeList()) {
                b.addAttribute(a.getName().equals("kernel_shape") ? a.toBuilder().clearInts().addInts(5).build() : a);
            }
            return b.build();
        });
        assertThatThrownBy(() -> OnnxTeacher.open(conv1d, "embedding", zeros(), 1, null)).isInstanceOf(TaskFailure.class)
                .hasMessageContaining("1-D kernel");
        Path transA = edited("transa.onnx", "Gemm", n -> n.toBuilder().addAttribute(Onnx.AttributeProto.newBuilder()
                .setName("transA").setI(1).setType(Onnx.AttributeProto.AttributeType.INT)).build());
        assertThatThrownBy(() -> OnnxTeacher.open(transA, "embedding", zeros(), 1, null)).isInstanceOf(TaskFailure.class)
                .hasMessageContaining("transA 1");
        Path unknown = edited("unknown.onnx", "Relu", n -> n.toBuilder().setOpType("NoSuchOperator").build());
        assertThatThrownBy(() -> OnnxTeacher.open(unknown, "embedding", zeros(), 1, null)).isInstanceOf(TaskFailure.class)
                .hasMessageContaining("cannot import");
    }

    @Test
    void teacherEmbedRunsAnOnnxFileOnMelStatistics() throws Exception {
        Path epochs = TinyStudy.epochs(tmp.resolve("epochs"), 0.3, -1);
        Path audio = TinyStudy.audio(tmp.resolve("audio"), "");
        Path out = new TaskHarness(new TeacherEmbed(), tmp.resolve("o")).input("epochs", epochs).input("audio", audio)
                .param("teacher", "onnx").param("file", model("onnx_teacher.onnx").toAbsolutePath().toString())
                .param("layer", "embedding").param("input", "mel-stats").param("mel_bands", 64).run();
        Map<String, Object> meta = MetaJson.read(out);
        assertThat(meta).containsEntry("d", 8).containsEntry("layer", "embedding").containsEntry("format", "onnx");
        try (NpyArray a = NpyArray.open(out.resolve("embeddings.npy"))) {
            assertThat(a.shape()[1]).isEqualTo(8);
            float[] v = a.readAllFloats();
            assertThat(v).isNotEmpty();
            for (float f : v) {
                assertThat(Math.abs(f)).isLessThanOrEqualTo(1f); // tanh
            }
        }
        assertThatThrownBy(() -> new TaskHarness(new TeacherEmbed(), tmp.resolve("o2")).input("epochs", epochs).input("audio", audio)
                .param("teacher", "onnx").param("file", model("onnx_teacher.onnx").toAbsolutePath().toString())
                .param("layer", "embedding").param("input", "mel-stats").param("mel_bands", 12).run())
                .isInstanceOf(TaskFailure.class).hasMessageContaining("takes 128 input values").hasMessageContaining("gives 24");
    }
}
