package org.cortexflow.tasks.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyArray;
import org.cortexflow.tasks.artifact.Table;
import org.cortexflow.tasks.io.audio.AudioWriter;
import org.cortexflow.tasks.signal.PolyphaseResampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * audio.read against reference decoders (tasks/src/test/goldens/make_audio.py): PCM exact, FLAC
 * exact, Vorbis within 1e-6 of libvorbisfile, MP3 within 1e-5 of libmpg123 (ISO/IEC 11172-4 "full
 * accuracy" asks RMS below 2^-15/sqrt(12) = 8.8e-6 and peak error below 2^-14 = 6.1e-5).
 */
class AudioReadTest {

    @TempDir
    Path tmp;

    static JsonNode golden(String name) throws Exception {
        try (InputStream in = AudioReadTest.class.getResourceAsStream("/golden/audio/" + name)) {
            return MetaJson.mapper().readTree(in);
        }
    }

    static Stream<Arguments> entries(String json) throws Exception {
        JsonNode g = golden(json);
        List<Arguments> l = new ArrayList<>();
        g.fieldNames().forEachRemaining(n -> l.add(Arguments.of(n, g.get(n))));
        return l.stream();
    }

    static Stream<Arguments> synthetic() throws Exception {
        return entries("synthetic.json");
    }

    static Stream<Arguments> real() throws Exception {
        return entries("real.json");
    }

    /** What SOURCES.md says of each real file: rate, channels, duration in seconds. */
    private static final Map<String, double[]> SOURCES_MD = Map.ofEntries(
            Map.entry("gs-16b-1c-44100hz.wav", new double[] {44100, 1, 15.83}),
            Map.entry("gs-16b-2c-44100hz.flac", new double[] {44100, 2, 15.83}),
            Map.entry("gs-16b-2c-44100hz.mp3", new double[] {44100, 2, 15.86}), // 15.88 s is ffprobe's bitrate estimate
            Map.entry("kevin-macleod-danse-macabre-finale.mp3", new double[] {44100, 2, 21.55}),
            Map.entry("loop_amen.flac", new double[] {44100, 2, 1.75}),
            Map.entry("loop_tabla.flac", new double[] {44100, 2, 10.67}),
            Map.entry("Kevin_MacLeod_-_Vibe_Ace.ogg", new double[] {22050, 1, 61.46}),
            Map.entry("Kevin_MacLeod_-_P_I_Tchaikovsky_Dance_of_the_Sugar_Plum_Fairy.ogg", new double[] {22050, 1, 119.88}),
            Map.entry("Hungarian_Dance_number_5_-_Allegro_in_F_sharp_minor_(string_orchestra).ogg", new double[] {22050, 1, 45.84}),
            Map.entry("Karissa_Hobbs_-_Lets_Go_Fishin.ogg", new double[] {22050, 1, 132.99}),
            Map.entry("sorohanro_-_solo-trumpet-06.ogg", new double[] {22050, 1, 5.33}));

    private float[][] decode(Path file, AudioWriter.Options opt) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("o" + System.nanoTime()));
        AudioWriter.write(file, opt, out, Map.of());
        try (NpyArray a = NpyArray.open(out.resolve(AudioWriter.AUDIO))) {
            long[] s = a.shape();
            float[][] x = new float[(int) s[0]][(int) s[1]];
            for (int c = 0; c < s[0]; c++) {
                a.read(c * s[1], x[c], 0, (int) s[1]);
            }
            return x;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("synthetic")
    void uncompressedEncodingsDecodeExactly(String name, JsonNode g) throws Exception {
        float[][] x = decode(TestResources.path("audio/" + name), new AudioWriter.Options(0, false));
        assertThat(x.length).isEqualTo(g.get("channels").asInt());
        assertThat(x[0].length).isEqualTo(g.get("frames").asInt());
        try (NpyArray want = NpyArray.open(TestResources.path("golden/audio/" + name + ".npy"))) {
            float[] w = want.readAllFloats();
            for (int c = 0; c < x.length; c++) {
                for (int i = 0; i < x[c].length; i++) {
                    assertThat(x[c][i]).as("%s channel %d sample %d", name, c, i).isEqualTo(w[c * x[c].length + i]);
                }
            }
        }
        Map<String, Object> meta = MetaJson.read(tmp.resolve(tmp.toFile().list()[0]));
        assertThat(((Number) meta.get("sample_rate")).doubleValue()).isEqualTo(g.get("sample_rate").asDouble());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("real")
    void realFilesMatchTheReferenceDecoders(String name, JsonNode g) throws Exception {
        Path file = RealData.file("audio/" + g.get("folder").asText() + "/" + name);
        Path out = Files.createDirectories(tmp.resolve("real"));
        Map<String, Object> meta = AudioWriter.write(file, new AudioWriter.Options(0, false), out, Map.of());
        assertThat(meta.get("n_channels")).isEqualTo(g.get("channels").asInt());
        assertThat(((Number) meta.get("sample_rate")).intValue()).isEqualTo(g.get("sample_rate").asInt());
        assertThat(((Number) meta.get("n_samples")).longValue()).isEqualTo(g.get("frames").asLong());
        double[] facts = SOURCES_MD.get(name);
        assertThat(facts).as("SOURCES.md entry for %s", name).isNotNull();
        assertThat(((Number) meta.get("sample_rate")).doubleValue()).isEqualTo(facts[0]);
        assertThat(((Number) meta.get("n_channels")).doubleValue()).isEqualTo(facts[1]);
        assertThat((double) meta.get("duration_s")).isCloseTo(facts[2], within(0.006));
        double tol = name.endsWith(".mp3") ? 1e-5 : name.endsWith(".ogg") ? 1e-6 : 0;
        try (NpyArray a = NpyArray.open(out.resolve(AudioWriter.AUDIO));
             NpyArray want = NpyArray.open(TestResources.path("golden/audio/" + name + ".npy"))) {
            int ch = g.get("channels").asInt();
            long n = g.get("frames").asLong();
            float[] w = want.readAllFloats(); // [4 windows, channels, 512]
            float[] got = new float[512];
            double sq = 0;
            int count = 0;
            for (int k = 0; k < 4; k++) {
                long start = g.get("window_starts").get(k).asLong();
                for (int c = 0; c < ch; c++) {
                    a.read(c * n + start, got, 0, 512);
                    for (int i = 0; i < 512; i++) {
                        float ref = w[(k * ch + c) * 512 + i];
                        assertThat((double) got[i]).as("%s ch %d sample %d", name, c, start + i).isCloseTo(ref, within(tol));
                        sq += (got[i] - ref) * (double) (got[i] - ref);
                        count++;
                    }
                }
            }
            if (name.endsWith(".mp3")) {
                assertThat(Math.sqrt(sq / count)).as("RMS error").isLessThan(Math.pow(2, -15) / Math.sqrt(12));
            }
            for (int c = 0; c < ch; c++) {
                double sum = 0;
                double sum2 = 0;
                float[] all = new float[(int) n];
                a.read(c * n, all, 0, (int) n);
                for (float v : all) {
                    sum += v;
                    sum2 += (double) v * v;
                }
                double want2 = g.get("sum_sq").get(c).asDouble();
                assertThat(sum).as("sum of channel %d", c).isCloseTo(g.get("sum").get(c).asDouble(), within(tol * n + 1e-6));
                assertThat(sum2).as("energy of channel %d", c).isCloseTo(want2, within(2 * tol * n + 1e-9 * want2 + 1e-6));
            }
        }
    }

    @Test
    void vorbisTagsGiveTheGenre() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("songs"));
        Files.copy(RealData.file("audio/librosa-data/Kevin_MacLeod_-_Vibe_Ace.ogg"), d.resolve("21.ogg"));
        Files.copy(RealData.file("audio/sonic-pi/loop_amen.flac"), d.resolve("22.flac"));
        Files.writeString(d.resolve("notes.txt"), "not audio");
        TaskRunner r = TaskRunner.run(new AudioRead(), tmp, Map.of("path", d.toString(), "rate", 16000.0, "mono", true));
        Table clips = Table.read(r.out().resolve("clips.tsv"));
        assertThat(clips.column("id")).containsExactly("21", "22");
        assertThat(clips.column("stimulus")).containsExactly("21", "22");
        assertThat(clips.column("genre")).containsExactly("Jazz", "n/a");
        assertThat(clips.column("sample_rate")).containsExactly("16000.0", "16000.0");
        assertThat(clips.column("n_channels")).containsExactly("1", "1");
        Map<String, Object> m = MetaJson.read(r.out().resolve("22"));
        assertThat(m.get("source_sample_rate")).isEqualTo(44100.0);
        assertThat(((Number) m.get("n_samples")).longValue()).isEqualTo(new PolyphaseResampler(16000, 44100).outputLength(77321));
    }

    @Test
    void resamplingMatchesThePolyphaseResamplerOnTheDecodedSignal() throws Exception {
        Path wav = TestResources.path("audio/wav_pcm16.wav");
        float[][] orig = decode(wav, new AudioWriter.Options(0, false));
        float[][] res = decode(wav, new AudioWriter.Options(11025, false));
        PolyphaseResampler rs = PolyphaseResampler.between(8000, 11025);
        for (int c = 0; c < 2; c++) {
            float[] want = rs.resample(orig[c]);
            assertThat(res[c].length).isEqualTo(want.length);
            for (int i = 0; i < want.length; i++) {
                assertThat(res[c][i]).isEqualTo(Math.max(-1f, Math.min(1f, want[i])));
            }
        }
    }

    @Test
    void twoFilesWithOneStemAreRefused() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("dup"));
        Files.copy(TestResources.path("audio/wav_pcm16.wav"), d.resolve("21.wav"));
        Files.copy(TestResources.path("audio/au_pcm16.au"), d.resolve("21.au"));
        assertThatThrownBy(() -> TaskRunner.run(new AudioRead(), tmp, Map.of("path", d.toString())))
                .hasMessageContaining("two audio files give the clip id '21'");
    }

    @Test
    void unknownBytesAreNamedAsSuch() throws Exception {
        Path f = tmp.resolve("x.wav");
        Files.writeString(f, "hello, not audio at all");
        assertThatThrownBy(() -> AudioWriter.write(f, new AudioWriter.Options(0, false), tmp, Map.of()))
                .isInstanceOf(FileFormatError.class).hasMessageContaining("at byte 0 (magic)");
    }
}
