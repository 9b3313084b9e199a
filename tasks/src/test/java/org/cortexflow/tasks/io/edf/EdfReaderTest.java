package org.cortexflow.tasks.io.edf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.UserError;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.EegRecording;
import org.cortexflow.tasks.artifact.Event;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.NpyArray;
import org.cortexflow.tasks.io.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EDF features the real files do not exercise: mixed rates, EDF+D, BDF masks, truncation, damaged headers. */
class EdfReaderTest {

    @TempDir
    Path tmp;
    private int n;

    private EegRecording read(Path file, Map<String, Object> params) throws Exception {
        Map<String, Object> p = new java.util.LinkedHashMap<>(params);
        p.put("path", file.toString());
        Path out = tmp.resolve("out" + (++n));
        Golden.eegRead(out, p);
        return EegRecording.open(out);
    }

    private Path write(String name, EdfFixture f) throws Exception {
        return Files.write(tmp.resolve(name), f.bytes());
    }

    @Test
    void lowerRateSignalsAreUpsampledPerRecordLikeScipyResample() throws Exception {
        try (EegRecording r = read(Golden.file("mixed_rates.edf"), Map.of());
             NpyArray want = NpyArray.open(Golden.file("mixed_rates_expected.npy"))) {
            assertThat(r.channels()).containsExactly(Channel.eeg("EEG A"), Channel.eeg("EEG B"), new Channel("TRIG", "TRIG", "n/a"));
            assertThat(r.sfreq()).isEqualTo(64.0);
            assertThat(r.samples()).isEqualTo(256);
            double[] expected = want.readAllDoubles();
            float[] row = new float[256];
            for (int c = 0; c < 3; c++) {
                r.readChannel(c, 0, row, 0, 256);
                for (int i = 0; i < 256; i++) {
                    double e = expected[c * 256 + i];
                    assertThat((double) row[i]).as("channel " + c + " sample " + i)
                            .isCloseTo(e, org.assertj.core.data.Offset.offset(c == 2 ? 0 : 1e-6 * Math.abs(e) + 1e-13));
                }
            }
            // trigger codes held at the high rate: 5 at 16 Hz samples 2-3 -> 64 Hz samples 8-15, ...
            assertThat(r.events()).extracting(Event::onsetSample, Event::value).startsWith(
                    org.assertj.core.groups.Tuple.tuple(8L, "5"), org.assertj.core.groups.Tuple.tuple(36L, "7"));
        }
        try (EegRecording r = read(Golden.file("mixed_rates.edf"), Map.of("rate", 16))) {
            assertThat(r.channels()).extracting(Channel::name).containsExactly("EEG B", "TRIG");
            assertThat(r.sfreq()).isEqualTo(16.0);
            assertThat(r.samples()).isEqualTo(64);
        }
        assertThatThrownBy(() -> read(Golden.file("mixed_rates.edf"), Map.of("rate", 100)))
                .isInstanceOf(UserError.class).hasMessageContaining("no signal is recorded at 100 Hz")
                .hasMessageContaining("1 at 64 Hz, 2 at 16 Hz");
    }

    private static EdfFixture discontinuous() {
        long[] a = {1, 2, 3, 4};
        long[] b = {5, 6, 7, 8};
        long[] c = {9, 10, 11, 12};
        return EdfFixture.edf().reserved("EDF+D").signal("Cz", "uV", -100, 100, -100, 100, 4).annotationSignal(60)
                .record("+0\u0014\u0014\0+0.5\u00150.25\u0014stim\u0014\0", a)
                .record("+1\u0014\u0014\0", b)
                .record("+5\u0014\u0014\0+5.25\u0014late\u0014\0", c);
    }

    @Test
    void discontinuousRecordsAreLaidEndToEndWithGapEvents() throws Exception {
        try (EegRecording r = read(write("d.edf", discontinuous()), Map.of())) {
            assertThat(r.samples()).isEqualTo(12);
            assertThat(r.meta()).containsEntry("format", "EDF+D");
            assertThat(r.events()).extracting(Event::onsetSample, Event::durationSamples, Event::value).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(2L, 1L, "stim"),
                    org.assertj.core.groups.Tuple.tuple(8L, 0L, "gap"),
                    org.assertj.core.groups.Tuple.tuple(9L, 0L, "late"));
            float[] v = new float[12];
            r.readChannel(0, 0, v, 0, 12);
            assertThat(v[8]).isEqualTo(9e-6f);
        }
    }

    @Test
    void discontinuousRecordsKeepTheirClockWithFillGaps() throws Exception {
        try (EegRecording r = read(write("d.edf", discontinuous()), Map.of("fill_gaps", true))) {
            assertThat(r.samples()).isEqualTo(24);
            assertThat(r.events()).extracting(Event::onsetSample, Event::durationSamples, Event::value).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(2L, 1L, "stim"),
                    org.assertj.core.groups.Tuple.tuple(8L, 12L, "gap"),
                    org.assertj.core.groups.Tuple.tuple(21L, 0L, "late"));
            float[] v = new float[24];
            r.readChannel(0, 0, v, 0, 24);
            assertThat(v[7]).isEqualTo(8e-6f);
            assertThat(v[8]).isZero();
            assertThat(v[19]).isZero();
            assertThat(v[20]).isEqualTo(9e-6f);
        }
    }

    @Test
    void overlappingDiscontinuousRecordsAreAnError() throws Exception {
        EdfFixture f = EdfFixture.edf().reserved("EDF+D").signal("Cz", "uV", -100, 100, -100, 100, 4).annotationSignal(30)
                .record("+0\u0014\u0014\0", new long[4]).record("+0.5\u0014\u0014\0", new long[4]);
        assertThatThrownBy(() -> read(write("o.edf", f), Map.of())).isInstanceOf(UserError.class)
                .hasMessageContaining("EDF Annotations").hasMessageContaining("record 2 starts at 0.5 s")
                .hasMessageContaining("at byte " + (256 * 3 + (8 + 30) + 8)); // record 2, after its 4 samples
    }

    @Test
    void bdfStatusIsMaskedToItsTriggerBits() throws Exception {
        long flags = 0x1F0000; // BioSemi status bits above the 16 trigger bits
        long[] status = {flags, flags, flags | 21, flags | 21, flags, flags | 22, flags | 22, flags};
        EdfFixture f = EdfFixture.bdf().reserved("24BIT").signal("A1", "uV", -262144, 262143, -8388608, 8388607, 8)
                .signal("Status", "Boolean", -8388608, 8388607, -8388608, 8388607, 8)
                .record(null, new long[] {-8388608, -1, 0, 1, 8388607, 2, 3, 4}, status);
        Path file = write("s.bdf", f);
        try (EegRecording r = read(file, Map.of())) {
            assertThat(r.events()).containsExactly(new Event(2, 2, "21", "trigger channel Status"),
                    new Event(5, 2, "22", "trigger channel Status"));
            float[] v = new float[8];
            r.readChannel(1, 0, v, 0, 8);
            assertThat(v).containsExactly(0, 0, 21, 21, 0, 22, 22, 0);
            r.readChannel(0, 0, v, 0, 8);
            double gain = (262143.0 + 262144.0) / (8388607.0 + 8388608.0);
            assertThat((double) v[0]).isCloseTo(-262144e-6, org.assertj.core.data.Offset.offset(3e-8)); // float32 near 0.26 V
            assertThat((double) v[4]).isCloseTo(262143e-6, org.assertj.core.data.Offset.offset(3e-8));
            assertThat((double) v[3]).isCloseTo((-262144 + (1 + 8388608) * gain) * 1e-6, org.assertj.core.data.Offset.offset(1e-12));
        }
        try (EegRecording r = read(file, Map.of("trigger_mask", 0xFFFFFF))) {
            assertThat(r.events()).extracting(Event::value).containsExactly(String.valueOf(flags | 21), String.valueOf(flags | 22));
        }
        try (EegRecording r = read(file, Map.of("triggers", List.of()))) {
            assertThat(r.events()).isEmpty();
            assertThat(r.channels().get(1).type()).isEqualTo("MISC");
        }
    }

    @Test
    void truncatedFileIsAnErrorUnlessAllowed() throws Exception {
        EdfFixture f = EdfFixture.edf().signal("Cz", "uV", -100, 100, -100, 100, 4)
                .record(null, new long[] {1, 2, 3, 4}).record(null, new long[] {5, 6, 7, 8}).recordsField("5");
        Path file = write("t.edf", f);
        assertThatThrownBy(() -> read(file, Map.of())).isInstanceOf(UserError.class)
                .hasMessageContaining("t.edf at byte 236 (number of data records)")
                .hasMessageContaining("the header says 5 records").hasMessageContaining("only 2 complete records")
                .hasMessageContaining("allow_truncated=true");
        try (EegRecording r = read(file, Map.of("allow_truncated", true))) {
            assertThat(r.samples()).isEqualTo(8);
        }
    }

    @Test
    void damagedHeaderFieldsNameTheirFieldAndOffset() throws Exception {
        EdfFixture base = EdfFixture.edf().signal("Cz", "uV", -100, 100, -100, 100, 4).record(null, new long[4]);
        byte[] good = base.bytes();
        assertHeaderError(good, 252, "-3  ", "number of signals", 252);
        assertHeaderError(good, 184, "999     ", "number of bytes in header", 184);
        assertHeaderError(good, 236, "-7      ", "number of data records", 236);
        assertHeaderError(good, 244, "abc     ", "duration of a data record", 244);
        assertHeaderError(good, 0, "1       ", "version", 0);
        // signal fields: digital minimum of signal 1 at 256 + 16 + 80 + 8 + 8 + 8, its maximum 8 bytes on
        assertHeaderError(good, 376, "200     ", "signal 1 (Cz) digital maximum", 384);
        assertHeaderError(good, 376, "-99999  ", "signal 1 (Cz) digital minimum", 376);
        assertHeaderError(good, 256 + 16 + 80 + 8 + 8 + 8 + 8 + 8 + 80, "9999999 ", "number of samples per record", 256 + 216);
        byte[] nonAscii = good.clone();
        nonAscii[237] = (byte) 0xE9;
        Path f = Files.write(tmp.resolve("n.edf"), nonAscii);
        assertThatThrownBy(() -> EdfReader.open(f, EdfReader.Options.defaults())).isInstanceOf(FileFormatError.class)
                .hasMessageContaining("at byte 237").hasMessageContaining("0xE9");
    }

    private void assertHeaderError(byte[] good, int at, String text, String field, long offset) throws Exception {
        byte[] bad = good.clone();
        byte[] t = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, bad, at, t.length);
        Path f = Files.write(tmp.resolve("bad" + (++n) + ".edf"), bad);
        assertThatThrownBy(() -> EdfReader.open(f, EdfReader.Options.defaults())).as(field)
                .isInstanceOf(FileFormatError.class).hasMessageContaining("at byte " + offset).hasMessageContaining(field);
    }

    @Test
    void duplicateLabelsAreMadeUnique() throws Exception {
        EdfFixture f = EdfFixture.edf().signal("EEG", "uV", -1, 1, -1, 1, 1).signal("EEG", "uV", -1, 1, -1, 1, 1)
                .signal("Resp", "%", 0, 100, 0, 100, 1).record(null, new long[] {1}, new long[] {-1}, new long[] {50});
        try (EegRecording r = read(write("u.edf", f), Map.of())) {
            assertThat(r.channels()).containsExactly(Channel.eeg("EEG"), Channel.eeg("EEG-1"), new Channel("Resp", "RESP", "%"));
            float[] v = new float[1];
            r.readChannel(2, 0, v, 0, 1);
            assertThat(v[0]).isEqualTo(50f);
        }
    }

    @Test
    void malformedAnnotationIsAnErrorUnlessAnnotationsAreIgnored() throws Exception {
        EdfFixture f = EdfFixture.edf().reserved("EDF+C").signal("Cz", "uV", -100, 100, -100, 100, 4).annotationSignal(30)
                .record("+0\u0014\u0014\0x1\u0014oops\u0014\0", new long[4]);
        Path file = write("a.edf", f);
        assertThatThrownBy(() -> read(file, Map.of())).isInstanceOf(UserError.class)
                .hasMessageContaining("malformed annotation").hasMessageContaining("onset 'x1'")
                .hasMessageContaining("at byte " + (256 * 3 + 8 + 5)).hasMessageContaining("annotations=ignore");
        try (EegRecording r = read(file, Map.of("annotations", false))) {
            assertThat(r.events()).isEmpty();
            assertThat(r.samples()).isEqualTo(4);
        }
    }
}
