package org.cortexflow.tasks.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.EpochRow;
import org.cortexflow.tasks.artifact.EpochsWriter;
import org.cortexflow.tasks.artifact.ItemIndex;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyArray;
import org.cortexflow.tasks.artifact.NpyWriter;
import org.cortexflow.tasks.artifact.Table;
import org.cortexflow.tasks.signal.TaskHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpectrogramTaskTest {

    @TempDir
    Path tmp;

    /** A set of clips: the golden signals as mono clips "noise", "sines", "chirp" (stimuli s0, s1, s2). */
    private Path clips(double rate, float[][] signals, int channels) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("audio" + rate + channels));
        String[] names = {"noise", "sines", "chirp"};
        List<ItemIndex.Item> items = new ArrayList<>();
        for (int i = 0; i < signals.length; i++) {
            Path d = Files.createDirectories(root.resolve(names[i]));
            float[] data = new float[channels * signals[i].length];
            for (int c = 0; c < channels; c++) {
                for (int t = 0; t < signals[i].length; t++) {
                    data[c * signals[i].length + t] = c == 0 ? signals[i][t] : -0.5f * signals[i][t];
                }
            }
            NpyWriter.writeFloat32(d.resolve("audio.npy"), data, channels, signals[i].length);
            Map<String, Object> meta = new HashMap<>();
            meta.put("kind", "audio");
            meta.put("sample_rate", rate);
            meta.put("n_channels", channels);
            meta.put("n_samples", signals[i].length);
            meta.put("duration_s", signals[i].length / rate);
            MetaJson.write(d, meta);
            items.add(new ItemIndex.Item(names[i], d, Map.of("stimulus", "s" + i)));
        }
        ItemIndex.write(root, ItemIndex.CLIPS, List.of("stimulus"), items);
        return root;
    }

    private static float[] readAll(Path dir) throws Exception {
        try (NpyArray a = NpyArray.open(dir.resolve("spec.npy"))) {
            return a.readAllFloats();
        }
    }

    @Test
    void melSpectrogramTaskMatchesTorchaudioForEachClip() throws Exception {
        Path audio = clips(22050, MelSpectrogramGoldenTest.signals(), 1);
        Path out = new TaskHarness(new SpectrogramTask(), tmp.resolve("out")).input("audio", audio)
                .param("n_fft", 512).param("hop", 256).param("n_mels", 64).run();
        double[] want = MelSpectrogramGoldenTest.load("mel_slaney_power.npy");
        float[] got = readAll(out);
        assertThat(got.length).isEqualTo(want.length);
        int per = want.length / 3;
        for (int i = 0; i < 3; i++) {
            MelSpectrogramGoldenTest.assertCloseToRms(java.util.Arrays.copyOfRange(got, i * per, (i + 1) * per), want, i * per, "clip " + i);
        }
        Map<String, Object> meta = MetaJson.read(out);
        assertThat(meta).containsEntry("kind", "spectrogram").containsEntry("bins", 64).containsEntry("frames", 31)
                .containsEntry("unit", "power").containsEntry("mel_scale", "slaney");
        Table t = Table.read(out.resolve("spec.tsv"));
        assertThat(t.column("clip")).containsExactly("noise", "sines", "chirp");
        assertThat(t.column("stimulus")).containsExactly("s0", "s1", "s2");
    }

    @Test
    void mfccTaskMatchesTorchaudioAndThreadsDoNotChangeTheBytes() throws Exception {
        Path audio = clips(16000, MelSpectrogramGoldenTest.signals(), 1);
        Path one = new TaskHarness(new SpectrogramTask(), tmp.resolve("one")).input("audio", audio).cpus(1)
                .param("kind", "mfcc").param("n_fft", 512).param("hop", 160).param("n_mels", 40).param("n_mfcc", 13).run();
        Path three = new TaskHarness(new SpectrogramTask(), tmp.resolve("three")).input("audio", audio).cpus(3)
                .param("kind", "mfcc").param("n_fft", 512).param("hop", 160).param("n_mels", 40).param("n_mfcc", 13).run();
        assertThat(Files.readAllBytes(three.resolve("spec.npy"))).isEqualTo(Files.readAllBytes(one.resolve("spec.npy")));
        double[] want = MelSpectrogramGoldenTest.load("mfcc13_ortho.npy");
        float[] got = readAll(one);
        int per = want.length / 3;
        for (int i = 0; i < 3; i++) {
            MelSpectrogramGoldenTest.assertCloseToRms(java.util.Arrays.copyOfRange(got, i * per, (i + 1) * per), want, i * per, "mfcc " + i);
        }
        assertThat(MetaJson.read(one)).containsEntry("unit", "dB").containsEntry("n_mfcc", 13);
    }

    @Test
    void stereoClipsAreMixedToMonoByTheirMean() throws Exception {
        float[][] sig = MelSpectrogramGoldenTest.signals();
        Path stereo = clips(22050, sig, 2);
        Path out = new TaskHarness(new SpectrogramTask(), tmp.resolve("out")).input("audio", stereo)
                .param("kind", "linear").param("n_fft", 256).param("hop", 128).run();
        float[] mono = new float[sig[1].length];
        for (int t = 0; t < mono.length; t++) {
            mono[t] = (float) ((sig[1][t] + (double) (-0.5f * sig[1][t])) / 2);
        }
        float[] want = MelSpectrogram.linear(256, 128, 256, 2).compute(mono);
        float[] got = readAll(out);
        assertThat(java.util.Arrays.copyOfRange(got, want.length, 2 * want.length)).containsExactly(want);
    }

    @Test
    void oneSpectrogramPerEpochOfItsAlignedAudio() throws Exception {
        float[][] sig = MelSpectrogramGoldenTest.signals();
        Path audio = clips(16000, sig, 1);
        Path ep = Files.createDirectories(tmp.resolve("epochs"));
        try (EpochsWriter w = EpochsWriter.create(ep, 1, 10)) {
            w.write(new float[10], new EpochRow("r", "01", "s2", 2, EpochRow.TRAIN, 0, -1, 0, 0.1, 0.2));
            w.write(new float[10], new EpochRow("r", "01", "s0", 0, EpochRow.TEST, 0, 0, 0, 0.45, 0.2));
            w.write(new float[10], new EpochRow("r", "01", "s1", 1, EpochRow.TEST, 0, 0, 0, 0.40, 0.2)); // runs past the end: zeros
            w.finish(125, List.of("E1"), List.of("s0", "s1", "s2"), "V", Map.of());
        }
        Path out = new TaskHarness(new SpectrogramTask(), tmp.resolve("out")).input("audio", audio).input("epochs", ep)
                .param("n_fft", 400).param("hop", 160).param("n_mels", 40).param("db", true).run();
        MelSpectrogram mel = MelSpectrogram.mel(16000, 400, 160, 400, 40, 0, 8000, MelScale.SLANEY, true, 2);
        float[] seg = java.util.Arrays.copyOfRange(sig[2], 1600, 1600 + 3200);
        float[] want = mel.compute(seg);
        Decibels.powerToDb(want, 80);
        float[] got = readAll(out);
        assertThat(java.util.Arrays.copyOfRange(got, 0, want.length)).containsExactly(want);
        float[] tail = new float[3200];
        System.arraycopy(sig[1], 6400, tail, 0, sig[1].length - 6400);
        float[] want3 = mel.compute(tail);
        Decibels.powerToDb(want3, 80);
        assertThat(java.util.Arrays.copyOfRange(got, 2 * want.length, 3 * want.length)).containsExactly(want3);
        Table t = Table.read(out.resolve("spec.tsv"));
        assertThat(t.column("epoch")).containsExactly("0", "1", "2");
        assertThat(t.column("clip")).containsExactly("chirp", "noise", "sines");
    }

    @Test
    void clipsOfDifferentRatesOrTooShortAreRefused() throws Exception {
        float[][] sig = MelSpectrogramGoldenTest.signals();
        Path audio = clips(16000, sig, 1);
        Files.writeString(audio.resolve("sines").resolve("meta.json"),
                Files.readString(audio.resolve("sines").resolve("meta.json")).replace("16000", "22050"));
        assertThatThrownBy(() -> new TaskHarness(new SpectrogramTask(), tmp.resolve("out")).input("audio", audio).run())
                .isInstanceOf(TaskFailure.class).hasMessageContaining("clip sines is at 22050.0 Hz");
        Path ok = clips(16000, sig, 1);
        assertThatThrownBy(() -> new TaskHarness(new SpectrogramTask(), tmp.resolve("out2")).input("audio", ok)
                .param("duration", "2s").run()).isInstanceOf(TaskFailure.class).hasMessageContaining("fewer than the 32000");
        assertThatThrownBy(() -> new TaskHarness(new SpectrogramTask(), tmp.resolve("out3")).input("audio", ok)
                .param("n_fft", 16384).run()).isInstanceOf(TaskFailure.class).hasMessageContaining("shorter than the 8193");
    }
}
