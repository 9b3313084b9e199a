package org.cortexflow.tasks.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.io.edf.BdfWriter;
import org.cortexflow.tasks.io.edf.EdfPlusWriter;
import org.cortexflow.tasks.io.mat.Mat73Writer;

/**
 * An NMED-T-like study: S subjects, each one continuous recording in which the K songs of a
 * {@link MusicSet} play in a subject-specific order with gaps, written in BIDS (BDF with a Status
 * channel, or EDF+ with annotations) and, on request, as NMED-T raw MAT v7.3 files. The layout is
 * CONTRACTS item 4; what is planted is written to {@code ground_truth.json}.
 */
public final class NmedtStudy {

    /**
     * Parameters of the EEG part (the songs come from the music set).
     *
     * @param gapMinS at least 7.5 s: the ratings after a song take 4.5 s and the next song's trigger
     *                comes up to 0.9 s early
     */
    public record Config(long seed, int subjects, int channels, double sfreq, double snrDb, double latencyMs,
                         double latencySdMs, double lineHz, double lineUv, double backgroundUv, double alphaUv,
                         double sensorUv, double driftUv, double blinksPerMinute, double blinkUv, String format,
                         boolean mat, double restS, double gapMinS, double gapMaxS) {
    }

    /** Fixed start of every synthetic recording, so files are reproducible. */
    static final String START_DATE = "01.01.24";
    static final String START_TIME = "09.00.00";
    static final String MATLAB_DATE = "Mon Jan  1 09:00:00 2024";

    private final Config cfg;
    private final MusicSet music;
    private final Montage montage;
    private final List<float[][]> drives = new ArrayList<>();
    private final double[][] driveCov;
    private int concurrent = 1;

    private NmedtStudy(Config cfg, MusicSet music, int threads, Cancel cancel) throws Exception {
        this.cfg = cfg;
        this.music = music;
        this.montage = Montage.of(cfg.channels());
        if (Math.abs(music.featureRate() - cfg.sfreq()) > 1e-9) {
            throw new TaskFailure("the music set's features are at " + music.featureRate() + " Hz but the EEG is at "
                    + cfg.sfreq() + " Hz: generate the music with feature_rate = " + cfg.sfreq());
        }
        if (cfg.gapMinS() < 7.5 || cfg.gapMaxS() < cfg.gapMinS()) {
            throw new TaskFailure("gaps between songs must be at least 7.5 s, got " + cfg.gapMinS() + " to " + cfg.gapMaxS());
        }
        if (cfg.sfreq() != Math.rint(cfg.sfreq())) {
            throw new TaskFailure("the EEG sampling rate must be a whole number of Hz (1-s data records), got " + cfg.sfreq());
        }
        drives.addAll(Parallel.map(music.stimuli(), threads, cancel,
                s -> Trf.drive(music.features(s.id()), music.featureNames(), cfg.sfreq())));
        this.driveCov = Trf.covariance(drives);
    }

    /**
     * Writes the study into {@code root}: links the music set's files if it lives elsewhere, then
     * the subjects in parallel, then the dataset files and ground_truth.json.
     *
     * @param extra entries added to ground_truth.json (size, generator)
     */
    public static void generate(Config cfg, MusicSet music, Path root, int threads, Cancel cancel, Map<String, Object> extra)
            throws Exception {
        if (music.stimuli().isEmpty()) {
            throw new TaskFailure("the music set has no stimuli");
        }
        NmedtStudy study = new NmedtStudy(cfg, music, threads, cancel);
        study.concurrent = Math.max(1, Math.min(threads, cfg.subjects()));
        StudyFiles.linkTree(music.root().resolve("stimuli"), root.resolve("stimuli"));
        StudyFiles.linkTree(music.root().resolve(MusicSet.FEATURES_DIR), root.resolve(MusicSet.FEATURES_DIR));
        if (!music.root().toAbsolutePath().normalize().equals(root.toAbsolutePath().normalize())) {
            Files.createDirectories(root.resolve("ground_truth"));
            Files.copy(music.root().resolve(MusicSet.STIMULI_TSV), root.resolve(MusicSet.STIMULI_TSV));
        }
        List<Integer> indices = new ArrayList<>();
        for (int s = 0; s < cfg.subjects(); s++) {
            indices.add(s);
        }
        List<Map<String, Object>> subjects = Parallel.map(indices, threads, cancel, s -> study.subject(s, root, cancel));
        study.datasetFiles(root, subjects);
        Map<String, Object> truth = new LinkedHashMap<>(extra);
        truth.put("preset", "nmedt");
        truth.put("seed", cfg.seed());
        truth.put("music", music.truth());
        truth.put("eeg", study.describe(subjects));
        StudyFiles.json(root.resolve(MusicSet.GROUND_TRUTH), truth);
    }

    private String subjectId(int s) {
        return StudyFiles.subject(s, cfg.subjects(), 2);
    }

    /** Plans, generates and writes one subject; returns its planted description. */
    private Map<String, Object> subject(int index, Path root, Cancel cancel) throws Exception {
        String id = subjectId(index);
        long seed = Seeds.derive(cfg.seed(), "eeg", id);
        SplittableRandom r = Seeds.random(cfg.seed(), "eeg", id, "plan");
        int c = montage.size();
        double fs = cfg.sfreq();
        int k = music.stimuli().size();

        // song order and timeline
        int[] order = new int[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        for (int i = k - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        long[] onsets = new long[k];
        long[] ends = new long[k];
        double t = cfg.restS();
        for (int i = 0; i < k; i++) {
            onsets[i] = Math.round(t * fs);
            int frames = drives.get(order[i])[0].length;
            ends[i] = onsets[i] + frames;
            t = ends[i] / fs + Seeds.uniform(r, cfg.gapMinS(), cfg.gapMaxS());
        }
        long records = (long) Math.ceil(ends[k - 1] / fs + cfg.restS());
        int perRecord = (int) fs;
        long samples = records * perRecord;

        SubjectEeg eeg = new SubjectEeg(new SubjectEeg.Settings(cfg.backgroundUv(), cfg.alphaUv(), cfg.sensorUv(),
                cfg.driftUv(), cfg.lineHz(), cfg.lineUv(), cfg.blinksPerMinute(), cfg.blinkUv()), montage, fs, samples, r,
                Seeds.random(cfg.seed(), "eeg", id, "blinks"));
        List<String> names = music.featureNames();
        double[][] patterns = eeg.patterns(names, r, cfg.seed());
        double latencyMs = cfg.latencyMs() + cfg.latencySdMs() * Math.max(-3, Math.min(3, Seeds.gaussian(r)));
        int latency = (int) Math.round(latencyMs / 1000 * fs);
        double snrDb = cfg.snrDb() + Seeds.gaussian(r);
        double gain = eeg.responseGain(patterns, driveCov, snrDb);

        int[] stimulusOf = order.clone();
        List<EegModel.Trigger> triggers = new ArrayList<>();
        int width = (int) Math.max(1, Math.round(0.008 * fs));
        for (int i = 0; i < k; i++) {
            triggers.add(new EegModel.Trigger(onsets[i], width, Integer.parseInt(music.stimuli().get(order[i]).id())));
        }
        EegModel model = eeg.model(seed, fs, samples,
                new EegModel.Responses(drives.toArray(new float[0][][]), stimulusOf, onsets, latency, patterns, gain), triggers);

        // MAT v7.3 recordings: the first half of the songs in S01_1, the rest in S01_2
        List<long[]> matRanges = new ArrayList<>();
        if (cfg.mat()) {
            int half = (k + 1) / 2;
            // after the ratings that follow the last song of the first half (they end 4.5 s after it)
            long split = k > 1 ? ends[half - 1] + Math.round(5.5 * fs) : samples;
            matRanges.add(new long[] {0, split});
            if (split < samples) {
                matRanges.add(new long[] {split, samples});
            }
            long biggest = matRanges.stream().mapToLong(x -> x[1] - x[0]).max().orElse(0);
            long need = biggest * (c + 1) * 4L * 2 * concurrent;
            if (need > Runtime.getRuntime().maxMemory() / 2) {
                throw new TaskFailure("an NMED-T MAT recording of " + biggest + " samples x " + (c + 1) + " channels needs "
                        + need / (1 << 20) + " MiB of heap with " + concurrent + " subjects at once (jhdf writes whole arrays),"
                        + " more than half the heap ("
                        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB): turn mat off, use fewer channels or"
                        + " shorter songs, or raise -Xmx (JAVA_OPTS)");
            }
        }
        SplittableRandom dr = Seeds.random(cfg.seed(), "eeg", id, "din");
        List<Object[]> din = dinEvents(dr, order, onsets, ends, fs);

        // write the recording
        Path eegDir = root.resolve(id).resolve("eeg");
        Files.createDirectories(eegDir);
        String base = id + "_task-listen";
        List<String> labels = montage.names();
        boolean bdf = !cfg.format().equals("edf");
        Path dataFile = eegDir.resolve(base + "_eeg." + (bdf ? "bdf" : "edf"));
        String prefilter = "HP:DC LP:" + StudyFiles.number(fs / 4) + "Hz";
        EegStream stream = new EegStream(model);
        float[][] block = new float[c][perRecord];
        int[] status = new int[perRecord];
        float[][] matX = null;
        int matIndex = 0;
        long matStart = 0;
        try (var writer = bdf
                ? BdfWriter.create(dataFile, labels, perRecord, 1.0, records, id + " X X X",
                        "Startdate 01-JAN-2024 X cortexflow synth.eeg", START_DATE, START_TIME, prefilter)
                : EdfPlusWriter.create(dataFile, labels, perRecord, 1.0, records, id + " X X X",
                        "Startdate 01-JAN-2024 X X cortexflow_synth.eeg", START_DATE, START_TIME, prefilter,
                        annotations(order, onsets, ends, fs))) {
            for (long rec = 0; rec < records; rec++) {
                if (rec % 64 == 0) {
                    cancel.check();
                }
                stream.next(block, status, perRecord);
                if (writer instanceof BdfWriter b) {
                    b.writeRecord(block, status);
                } else {
                    ((EdfPlusWriter) writer).writeRecord(block);
                }
                if (cfg.mat()) {
                    long s0 = rec * perRecord;
                    for (int i = 0; i < perRecord; i++) {
                        long sample = s0 + i;
                        while (matIndex < matRanges.size() && sample >= matRanges.get(matIndex)[1]) {
                            writeMat(root, index, matIndex, matX, din, matRanges.get(matIndex), fs);
                            matX = null;
                            matIndex++;
                        }
                        if (matIndex >= matRanges.size()) {
                            break;
                        }
                        if (matX == null) {
                            long[] range = matRanges.get(matIndex);
                            matX = new float[(int) (range[1] - range[0])][c + 1];
                            matStart = range[0];
                        }
                        float[] row = matX[(int) (sample - matStart)];
                        for (int ch = 0; ch < c; ch++) {
                            row[ch] = block[ch][i];
                        }
                    }
                }
            }
        }
        if (cfg.mat() && matIndex < matRanges.size()) {
            writeMat(root, index, matIndex, matX, din, matRanges.get(matIndex), fs);
        }
        writeSidecars(eegDir, base, id, bdf, order, onsets, ends, samples, fs);
        writeBlinks(root, id, eeg.blinkOnsets, eeg.blinkDurations, eeg.blinkAmplitudes, fs);

        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", id);
        d.put("seed", seed);
        d.put("data_file", root.relativize(dataFile).toString());
        d.put("samples", samples);
        d.put("latency_ms", latency * 1000.0 / fs);
        d.put("latency_samples", latency);
        d.put("snr_db", snrDb);
        d.put("response_gain_uv", gain);
        d.putAll(eeg.describe("ground_truth/" + id + "_blinks.tsv"));
        List<Map<String, Object>> played = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("stimulus", music.stimuli().get(order[i]).id());
            p.put("onset_sample", onsets[i]);
            p.put("onset_s", onsets[i] / fs);
            p.put("duration_s", (ends[i] - onsets[i]) / fs);
            p.put("response_onset_sample", onsets[i] + latency);
            played.add(p);
        }
        d.put("stimuli", played);
        Map<String, Object> pats = new LinkedHashMap<>();
        for (int f = 0; f < names.size(); f++) {
            pats.put(names.get(f), patterns[f]);
        }
        d.put("patterns", pats);
        if (cfg.mat()) {
            List<Map<String, Object>> mats = new ArrayList<>();
            for (int i = 0; i < matRanges.size(); i++) {
                mats.add(Map.of("file", "nmedt/" + matName(index, i), "first_sample", matRanges.get(i)[0],
                        "samples", matRanges.get(i)[1] - matRanges.get(i)[0]));
            }
            d.put("nmedt_mat", mats);
            d.put("ratings", din.stream().filter(e -> e.length > 4).map(e -> Map.of("stimulus", e[4], "familiarity", e[5],
                    "enjoyment", e[6])).distinct().toList());
        }
        return d;
    }

    private List<EdfPlusWriter.Annotation> annotations(int[] order, long[] onsets, long[] ends, double fs) {
        List<EdfPlusWriter.Annotation> a = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            a.add(new EdfPlusWriter.Annotation(onsets[i] / fs, (ends[i] - onsets[i]) / fs, music.stimuli().get(order[i]).id()));
        }
        return a;
    }

    /**
     * The DIN_1 events of NMED-T's raw files: the song trigger (21..) sent shortly before the audio
     * starts, a {@code 128} click 1 s after the true onset and every 60 s after that while the song
     * plays, then the familiarity and enjoyment ratings (keys 1-9), each confirmed with Enter (10).
     * Each event: {code, sample, duration, label, [stimulus, familiarity, enjoyment]}.
     */
    private List<Object[]> dinEvents(SplittableRandom r, int[] order, long[] onsets, long[] ends, double fs) {
        List<Object[]> ev = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            String song = music.stimuli().get(order[i]).id();
            long lead = Math.round(Seeds.uniform(r, 0.3, 0.9) * fs);
            ev.add(new Object[] {Integer.parseInt(song), onsets[i] - lead});
            for (long click = onsets[i] + Math.round(fs); click < ends[i]; click += Math.round(60 * fs)) {
                ev.add(new Object[] {128, click});
            }
            int familiarity = 1 + r.nextInt(9);
            int enjoyment = 1 + r.nextInt(9);
            long t = ends[i] + Math.round(1.5 * fs);
            ev.add(new Object[] {familiarity, t, song, familiarity, enjoyment});
            ev.add(new Object[] {10, t + Math.round(1.0 * fs)});
            ev.add(new Object[] {enjoyment, t + Math.round(2.0 * fs), song, familiarity, enjoyment});
            ev.add(new Object[] {10, t + Math.round(3.0 * fs)});
        }
        List<Object[]> out = new ArrayList<>();
        for (Object[] e : ev) {
            Object[] full = new Object[e.length > 2 ? 7 : 4];
            full[0] = e[0];
            full[1] = e[1];
            full[2] = 1;
            full[3] = "DIN_1";
            if (e.length > 2) {
                full[4] = e[2];
                full[5] = e[3];
                full[6] = e[4];
            }
            out.add(full);
        }
        return out;
    }

    /** NetStation's four-character DIN codes: DIN1..DIN9, DI10..DI99, D100..D255. */
    static String dinCode(int code) {
        return code < 10 ? "DIN" + code : code < 100 ? "DI" + code : "D" + code;
    }

    private static String matName(int subject, int recording) {
        return String.format("S%02d_%d.mat", subject + 1, recording + 1);
    }

    private void writeMat(Path root, int subject, int recording, float[][] x, List<Object[]> din, long[] range, double fs)
            throws IOException {
        Files.createDirectories(root.resolve("nmedt"));
        List<Object[]> inside = din.stream().filter(e -> (long) e[1] >= range[0] && (long) e[1] < range[1]).toList();
        Object[][] cell = new Object[4][inside.size()];
        for (int i = 0; i < inside.size(); i++) {
            Object[] e = inside.get(i);
            cell[0][i] = dinCode((int) e[0]);
            cell[1][i] = (double) ((long) e[1] - range[0]);
            cell[2][i] = 1.0;
            cell[3][i] = "DIN_1";
        }
        Mat73Writer w = new Mat73Writer(root.resolve("nmedt").resolve(matName(subject, recording)), MATLAB_DATE);
        w.putSingleTransposed("X", x);
        w.putDouble("fs", fs);
        w.putCell("DIN_1", cell);
        w.close();
    }

    private void writeSidecars(Path dir, String base, String id, boolean bdf, int[] order, long[] onsets, long[] ends,
                               long samples, double fs) throws IOException {
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("TaskName", "listen");
        side.put("TaskDescription", "Listening to full-length songs (synthetic, NMED-T-like)");
        side.put("SamplingFrequency", fs);
        side.put("EEGChannelCount", montage.size());
        side.put("EOGChannelCount", 0);
        side.put("ECGChannelCount", 0);
        side.put("EMGChannelCount", 0);
        side.put("MiscChannelCount", 0);
        side.put("TriggerChannelCount", bdf ? 1 : 0);
        side.put("PowerLineFrequency", cfg.lineHz());
        side.put("EEGReference", "Cz (vertex)");
        side.put("EEGPlacementScheme", montage.names().get(0).startsWith("E") ? "synthetic high-density net (E1..En)" : "10-10");
        side.put("RecordingDuration", samples / fs);
        side.put("RecordingType", "continuous");
        side.put("SoftwareFilters", "n/a");
        side.put("HardwareFilters", "n/a");
        side.put("Manufacturer", "cortexflow synth.eeg (synthetic data)");
        StudyFiles.json(dir.resolve(base + "_eeg.json"), side);
        List<List<Object>> ch = new ArrayList<>();
        for (String name : montage.names()) {
            ch.add(List.of(name, "EEG", "uV", fs, "good"));
        }
        if (bdf) {
            ch.add(List.of("Status", "TRIG", "n/a", fs, "good"));
        }
        StudyFiles.tsv(dir.resolve(base + "_channels.tsv"), List.of("name", "type", "units", "sampling_frequency", "status"), ch,
                false);
        List<List<Object>> ev = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            String song = music.stimuli().get(order[i]).id();
            List<Object> row = new ArrayList<>();
            row.add(StudyFiles.number(onsets[i] / fs));
            row.add(StudyFiles.number((ends[i] - onsets[i]) / fs));
            row.add(onsets[i]);
            row.add("stimulus");
            row.add(song);
            row.add(music.stimuli().get(order[i]).file());
            ev.add(row);
        }
        StudyFiles.tsv(dir.resolve(base + "_events.tsv"), List.of("onset", "duration", "sample", "trial_type", "value",
                "stim_file"), ev, false);
    }

    private static void writeBlinks(Path root, String id, long[] on, int[] dur, double[] amp, double fs) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < on.length; i++) {
            rows.add(List.of(StudyFiles.number(on[i] / fs), on[i], StudyFiles.number(dur[i] / fs), StudyFiles.number(amp[i])));
        }
        StudyFiles.tsv(root.resolve("ground_truth").resolve(id + "_blinks.tsv"),
                List.of("onset", "sample", "duration", "amplitude_uv"), rows, false);
    }

    private void datasetFiles(Path root, List<Map<String, Object>> subjects) throws IOException {
        Map<String, Object> dd = new LinkedHashMap<>();
        dd.put("Name", "cortexflow synthetic NMED-T-like study");
        dd.put("BIDSVersion", "1.8.0");
        dd.put("DatasetType", "raw");
        dd.put("License", "CC0");
        dd.put("Authors", List.of("cortexflow synth.eeg"));
        dd.put("GeneratedBy", List.of(Map.of("Name", "cortexflow", "Description",
                "synthetic EEG with a planted ground truth (ground_truth.json)")));
        StudyFiles.json(root.resolve("dataset_description.json"), dd);
        List<List<Object>> rows = new ArrayList<>();
        for (int s = 0; s < cfg.subjects(); s++) {
            SplittableRandom r = Seeds.random(cfg.seed(), "participant", subjectId(s));
            rows.add(List.of(subjectId(s), 18 + r.nextInt(18), r.nextBoolean() ? "f" : "m", r.nextDouble() < 0.9 ? "r" : "l"));
        }
        StudyFiles.tsv(root.resolve("participants.tsv"), List.of("participant_id", "age", "sex", "handedness"), rows, false);
        Files.writeString(root.resolve(".bidsignore"), "ground_truth.json\nground_truth/\nnmedt/\n");
        Files.writeString(root.resolve("README"), """
                Synthetic NMED-T-like study written by cortexflow (synth.music + synth.eeg).

                Each subject listened to every song of stimuli/ once, in a subject-specific order, in one continuous
                recording (sub-XX/eeg). The EEG is simulated: a 1/f background, alpha, slow drift, line noise,
                blinks on frontal channels, and a response to each song's envelope, spectral flux and latent
                features, delayed by a subject-specific latency near 200 ms. Everything that was planted, with
                the seeds, is in ground_truth.json; the features are in ground_truth/features (one .npy per song).
                nmedt/ (when present) holds the same recordings as NMED-T raw-style MAT v7.3 files (X, fs, DIN_1).
                """);
    }

    private Map<String, Object> describe(List<Map<String, Object>> subjects) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subjects", subjects);
        m.put("sfreq", cfg.sfreq());
        m.put("format", cfg.format());
        m.put("unit", "uV in the files (BIDS units uV); volts once read by eeg.read");
        m.put("channels", montage.names());
        m.put("positions", montage.positions());
        m.put("snr_db", cfg.snrDb());
        m.put("snr_definition", "10 log10 of the response power over the background (1/f + alpha + sensor noise) power,"
                + " averaged over channels; drift, line noise and blinks excluded; per subject snr_db + N(0, 1)");
        m.put("latency_ms_mean", cfg.latencyMs());
        m.put("latency_ms_sd", cfg.latencySdMs());
        m.put("trf", Trf.describe(music.featureNames()));
        m.put("drive_covariance", driveCov);
        m.put("line_hz", cfg.lineHz());
        m.put("status_channel", "song id as the trigger code at each true stimulus onset, for 8 ms");
        m.put("nmedt_din", "song trigger (21..) 0.3-0.9 s before the onset; 128 at onset + 1 s and every 60 s while the"
                + " song plays; 1.5 s after the song: familiarity (1-9), then every 1 s Enter (10), enjoyment (1-9), Enter (10);"
                + " DIN_1 rows: code, sample (0-based, in X's columns), duration (samples), label");
        m.put("config", cfg);
        return m;
    }
}
