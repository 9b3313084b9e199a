package org.cortexflow.tasks.synth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.io.edf.BdfWriter;

/**
 * A DEAP-like study: S subjects, 32 channels at 128 Hz (DEAP's names and order), each hearing the
 * K one-minute clips of a {@link MusicSet} (preset deap) in a subject-specific order. Each trial:
 * 2 s trial cue, 5 s fixation (the baseline), the clip, 10 s of rating. The subject's felt
 * valence and arousal (the clip's planted values plus a subject bias and trial noise, 1-9) are
 * reported as ratings and modulate band power during the clip: frontal alpha asymmetry (ln of F4
 * over F3 alpha power grows with valence), posterior alpha falls and beta rises with arousal.
 * A weak envelope/flux response ties the EEG to the audio. Written as one BDF per subject in BIDS,
 * with the ratings in the events and in participant_ratings.tsv (DEAP's table).
 */
public final class DeapStudy {

    /** Parameters. */
    public record Config(long seed, int subjects, double sfreq, double faa, double betaGain, double alphaArousal,
                         double ratingNoise, double subjectBias, double snrDb, double latencyMs, double lineHz, double lineUv,
                         double backgroundUv, double alphaUv, double betaUv, double sensorUv, double driftUv,
                         double blinksPerMinute, double blinkUv) {
    }

    static final double CUE_S = 2;
    static final double BASELINE_S = 5;
    static final double RATING_S = 10;
    static final double RAMP_S = 1;

    private final Config cfg;
    private final MusicSet music;
    private final Montage montage = Montage.named(Montage.DEAP_32);
    private final List<float[][]> drives = new ArrayList<>();
    private final double[][] driveCov;

    private DeapStudy(Config cfg, MusicSet music) throws Exception {
        this.cfg = cfg;
        this.music = music;
        if (Math.abs(music.featureRate() - cfg.sfreq()) > 1e-9) {
            throw new TaskFailure("the music set's features are at " + music.featureRate() + " Hz but the EEG is at "
                    + cfg.sfreq() + " Hz: generate the music with feature_rate = " + cfg.sfreq());
        }
        List<String> acoustic = List.of("envelope", "flux");
        for (MusicSet.Stimulus s : music.stimuli()) {
            float[][] all = music.features(s.id());
            drives.add(Trf.drive(new float[][] {all[music.feature("envelope")], all[music.feature("flux")]}, acoustic,
                    cfg.sfreq()));
        }
        driveCov = Trf.covariance(drives);
    }

    /** Writes the study into {@code root}. */
    public static void generate(Config cfg, MusicSet music, Path root, int threads, Cancel cancel, Map<String, Object> extra)
            throws Exception {
        if (!music.preset().equals("deap")) {
            throw new TaskFailure("synth.deap needs a music set with preset deap (clips with planted affect), got '"
                    + music.preset() + "'");
        }
        if (cfg.sfreq() != Math.rint(cfg.sfreq())) {
            throw new TaskFailure("the EEG sampling rate must be a whole number of Hz (1-s data records), got " + cfg.sfreq());
        }
        DeapStudy study = new DeapStudy(cfg, music);
        StudyFiles.linkTree(music.root().resolve("stimuli"), root.resolve("stimuli"));
        StudyFiles.linkTree(music.root().resolve(MusicSet.FEATURES_DIR), root.resolve(MusicSet.FEATURES_DIR));
        if (!music.root().toAbsolutePath().normalize().equals(root.toAbsolutePath().normalize())) {
            Files.createDirectories(root.resolve("ground_truth"));
            Files.copy(music.root().resolve(MusicSet.STIMULI_TSV), root.resolve(MusicSet.STIMULI_TSV));
        }
        List<Integer> subjects = new ArrayList<>();
        for (int s = 0; s < cfg.subjects(); s++) {
            subjects.add(s);
        }
        List<Map<String, Object>> described = Parallel.map(subjects, threads, cancel, s -> study.subject(s, root, cancel));
        study.datasetFiles(root, described);
        Map<String, Object> truth = new LinkedHashMap<>(extra);
        truth.put("preset", "deap");
        truth.put("seed", cfg.seed());
        truth.put("music", music.truth());
        truth.put("deap", study.describe(described));
        StudyFiles.json(root.resolve(MusicSet.GROUND_TRUTH), truth);
    }

    private String subjectId(int s) {
        return StudyFiles.subject(s, cfg.subjects(), 2);
    }

    /** One trial: its clip, its timing (samples) and the subject's felt and rated affect. */
    private record Trial(int number, MusicSet.Stimulus clip, long cue, long onset, long end, double valence, double arousal,
                         double dominance, double liking, int familiarity) {
    }

    private Map<String, Object> subject(int index, Path root, Cancel cancel) throws Exception {
        String id = subjectId(index);
        long seed = Seeds.derive(cfg.seed(), "deap", id);
        SplittableRandom r = Seeds.random(cfg.seed(), "deap", id, "plan");
        double fs = cfg.sfreq();
        int k = music.stimuli().size();
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
        double biasV = cfg.subjectBias() * Seeds.gaussian(r);
        double biasA = cfg.subjectBias() * Seeds.gaussian(r);
        List<Trial> trials = new ArrayList<>();
        double t = 3; // a few seconds before the first cue
        for (int i = 0; i < k; i++) {
            MusicSet.Stimulus clip = music.stimuli().get(order[i]);
            long cue = Math.round(t * fs);
            long onset = Math.round((t + CUE_S + BASELINE_S) * fs);
            long end = onset + Math.round(clip.durationS() * fs);
            double v = clamp(clip.valence() + biasV + cfg.ratingNoise() * Seeds.gaussian(r));
            double a = clamp(clip.arousal() + biasA + cfg.ratingNoise() * Seeds.gaussian(r));
            double dom = clamp(5 + 0.5 * (v - 5) + 0.3 * (a - 5) + cfg.ratingNoise() * Seeds.gaussian(r));
            double like = clamp(5 + 0.8 * (v - 5) + cfg.ratingNoise() * Seeds.gaussian(r));
            int fam = 1 + r.nextInt(5);
            trials.add(new Trial(i + 1, clip, cue, onset, end, round2(v), round2(a), round2(dom), round2(like), fam));
            t = end / fs + RATING_S;
        }
        long records = (long) Math.ceil(t + 3);
        int perRecord = (int) fs;
        long samples = records * perRecord;

        SubjectEeg eeg = new SubjectEeg(new SubjectEeg.Settings(cfg.backgroundUv(), cfg.alphaUv(), cfg.sensorUv(), cfg.driftUv(),
                cfg.lineHz(), cfg.lineUv(), cfg.blinksPerMinute(), cfg.blinkUv()), montage, fs, samples, r,
                Seeds.random(cfg.seed(), "deap", id, "blinks"));
        // affect: per-sample gains from the trial being played (1 outside the clips, linear 1-s ramps)
        EegModel.Schedule valenceLeft = schedule(trials, x -> StrictMath.exp(-cfg.faa() * norm(x.valence()) / 4), fs);
        EegModel.Schedule valenceRight = schedule(trials, x -> StrictMath.exp(cfg.faa() * norm(x.valence()) / 4), fs);
        EegModel.Schedule arousalAlpha = schedule(trials, x -> StrictMath.exp(-cfg.alphaArousal() * norm(x.arousal()) / 2), fs);
        EegModel.Schedule arousalBeta = schedule(trials, x -> StrictMath.exp(cfg.betaGain() * norm(x.arousal()) / 2), fs);
        List<EegModel.Rhythm> base = new ArrayList<>(eeg.rhythms);
        eeg.rhythms.clear();
        for (EegModel.Rhythm rh : base) {
            eeg.rhythms.add(new EegModel.Rhythm(rh.name(), rh.hz(), rh.bandwidthHz(), rh.pattern(), rh.amplitudeUv(),
                    rh.modulationDepth(), arousalAlpha));
        }
        double frontalHz = Seeds.uniform(r, 9, 11);
        double frontalUv = cfg.alphaUv();
        eeg.rhythms.add(new EegModel.Rhythm("frontal-alpha-left", frontalHz, 2, montage.bump(position("F3"), 0.4), frontalUv,
                0.15, valenceLeft));
        eeg.rhythms.add(new EegModel.Rhythm("frontal-alpha-right", frontalHz, 2, montage.bump(position("F4"), 0.4), frontalUv,
                0.15, valenceRight));
        eeg.rhythms.add(new EegModel.Rhythm("beta", Seeds.uniform(r, 17, 22), 8, montage.bump(position("Cz"), 0.9),
                cfg.betaUv(), 0.3, arousalBeta));

        // a weak response to the clips' envelope and flux
        double[][] patterns = eeg.patterns(List.of("envelope", "flux"), r, cfg.seed());
        double gain = eeg.responseGain(patterns, driveCov, cfg.snrDb());
        int latency = (int) Math.round(cfg.latencyMs() / 1000 * fs);
        int[] stimulusOf = new int[k];
        long[] onsets = new long[k];
        List<EegModel.Trigger> triggers = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            stimulusOf[i] = order[i];
            onsets[i] = trials.get(i).onset();
            triggers.add(new EegModel.Trigger(onsets[i], 1, Integer.parseInt(trials.get(i).clip().id())));
        }
        EegModel model = eeg.model(seed, fs, samples,
                new EegModel.Responses(drives.toArray(new float[0][][]), stimulusOf, onsets, latency, patterns, gain), triggers);

        Path dir = root.resolve(id).resolve("eeg");
        Files.createDirectories(dir);
        String baseName = id + "_task-music";
        Path data = dir.resolve(baseName + "_eeg.bdf");
        EegStream stream = new EegStream(model);
        float[][] block = new float[montage.size()][perRecord];
        int[] status = new int[perRecord];
        try (BdfWriter w = BdfWriter.create(data, montage.names(), perRecord, 1.0, records, id + " X X X",
                "Startdate 01-JAN-2024 X cortexflow synth.deap", NmedtStudy.START_DATE, NmedtStudy.START_TIME,
                "HP:DC LP:" + StudyFiles.number(fs / 4) + "Hz")) {
            for (long rec = 0; rec < records; rec++) {
                if (rec % 256 == 0) {
                    cancel.check();
                }
                stream.next(block, status, perRecord);
                w.writeRecord(block, status);
            }
        }
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("TaskName", "music");
        side.put("TaskDescription", "Listening to one-minute music clips and rating valence, arousal, dominance, liking and"
                + " familiarity (synthetic, DEAP-like)");
        side.put("SamplingFrequency", fs);
        side.put("EEGChannelCount", montage.size());
        side.put("TriggerChannelCount", 1);
        side.put("PowerLineFrequency", cfg.lineHz());
        side.put("EEGReference", "CMS/DRL");
        side.put("EEGPlacementScheme", "10-20 (DEAP's 32 channels)");
        side.put("RecordingDuration", samples / fs);
        side.put("RecordingType", "continuous");
        side.put("SoftwareFilters", "n/a");
        side.put("Manufacturer", "cortexflow synth.deap (synthetic data)");
        StudyFiles.json(dir.resolve(baseName + "_eeg.json"), side);
        List<List<Object>> ch = new ArrayList<>();
        for (String name : montage.names()) {
            ch.add(List.of(name, "EEG", "uV", fs, "good"));
        }
        ch.add(List.of("Status", "TRIG", "n/a", fs, "good"));
        StudyFiles.tsv(dir.resolve(baseName + "_channels.tsv"), List.of("name", "type", "units", "sampling_frequency", "status"),
                ch, false);
        List<List<Object>> ev = new ArrayList<>();
        for (Trial tr : trials) {
            ev.add(List.of(StudyFiles.number(tr.onset() / fs), StudyFiles.number((tr.end() - tr.onset()) / fs), tr.onset(),
                    "stimulus", tr.clip().id(), tr.clip().file(), tr.number(), StudyFiles.number(tr.valence()),
                    StudyFiles.number(tr.arousal()), StudyFiles.number(tr.dominance()), StudyFiles.number(tr.liking()),
                    tr.familiarity()));
        }
        StudyFiles.tsv(dir.resolve(baseName + "_events.tsv"), List.of("onset", "duration", "sample", "trial_type", "value",
                "stim_file", "trial", "valence", "arousal", "dominance", "liking", "familiarity"), ev, false);

        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", id);
        d.put("seed", seed);
        d.put("data_file", root.relativize(data).toString());
        d.put("samples", samples);
        d.put("valence_bias", biasV);
        d.put("arousal_bias", biasA);
        d.put("response_gain_uv", gain);
        d.put("latency_ms", latency * 1000.0 / fs);
        d.putAll(eeg.describe("n/a"));
        List<Map<String, Object>> tl = new ArrayList<>();
        for (Trial tr : trials) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trial", tr.number());
            m.put("stimulus", tr.clip().id());
            m.put("cue_sample", tr.cue());
            m.put("baseline_sample", tr.cue() + Math.round(CUE_S * fs));
            m.put("onset_sample", tr.onset());
            m.put("end_sample", tr.end());
            m.put("valence", tr.valence());
            m.put("arousal", tr.arousal());
            m.put("dominance", tr.dominance());
            m.put("liking", tr.liking());
            m.put("familiarity", tr.familiarity());
            m.put("ln_alpha_power_ratio_f4_f3", cfg.faa() * norm(tr.valence()));
            m.put("ln_beta_power_gain", cfg.betaGain() * norm(tr.arousal()));
            m.put("ln_posterior_alpha_power_gain", -cfg.alphaArousal() * norm(tr.arousal()));
            tl.add(m);
        }
        d.put("trials", tl);
        return d;
    }

    private double[] position(String name) {
        return montage.positions()[montage.names().indexOf(name)];
    }

    /** Valence or arousal (1-9) on -1..1. */
    static double norm(double rating) {
        return (rating - 5) / 4;
    }

    private static double clamp(double v) {
        return Math.max(1, Math.min(9, v));
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** A gain that is {@code f(trial)} while the trial's clip plays, 1 elsewhere, with linear ramps. */
    private static EegModel.Schedule schedule(List<Trial> trials, java.util.function.ToDoubleFunction<Trial> f, double fs) {
        long[] on = trials.stream().mapToLong(Trial::onset).toArray();
        long[] off = trials.stream().mapToLong(Trial::end).toArray();
        double[] g = trials.stream().mapToDouble(f).toArray();
        long ramp = Math.round(RAMP_S * fs);
        return sample -> {
            int i = java.util.Arrays.binarySearch(on, sample);
            i = i >= 0 ? i : -i - 2;
            if (i < 0 || sample >= off[i] + ramp) {
                return 1.0;
            }
            double w;
            if (sample < on[i] + ramp) {
                w = (sample - on[i]) / (double) ramp;
            } else if (sample >= off[i]) {
                w = 1 - (sample - off[i]) / (double) ramp;
            } else {
                w = 1;
            }
            return 1 + w * (g[i] - 1);
        };
    }

    private void datasetFiles(Path root, List<Map<String, Object>> subjects) throws java.io.IOException {
        Map<String, Object> dd = new LinkedHashMap<>();
        dd.put("Name", "cortexflow synthetic DEAP-like study");
        dd.put("BIDSVersion", "1.8.0");
        dd.put("DatasetType", "raw");
        dd.put("License", "CC0");
        dd.put("Authors", List.of("cortexflow synth.deap"));
        dd.put("ReferencesAndLinks", List.of("Modelled on DEAP (Koelstra et al. 2012), music clips instead of videos"));
        StudyFiles.json(root.resolve("dataset_description.json"), dd);
        List<List<Object>> part = new ArrayList<>();
        List<List<Object>> ratings = new ArrayList<>();
        for (int s = 0; s < subjects.size(); s++) {
            SplittableRandom r = Seeds.random(cfg.seed(), "participant", subjectId(s));
            part.add(List.of(subjectId(s), 19 + r.nextInt(19), r.nextBoolean() ? "f" : "m", r.nextDouble() < 0.9 ? "r" : "l"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> trials = (List<Map<String, Object>>) subjects.get(s).get("trials");
            for (Map<String, Object> tr : trials) {
                ratings.add(List.of(s + 1, tr.get("trial"), tr.get("stimulus"),
                        StudyFiles.number(((Number) tr.get("onset_sample")).longValue() / cfg.sfreq()),
                        tr.get("valence"), tr.get("arousal"), tr.get("dominance"), tr.get("liking"), tr.get("familiarity")));
            }
        }
        StudyFiles.tsv(root.resolve("participants.tsv"), List.of("participant_id", "age", "sex", "handedness"), part, false);
        StudyFiles.tsv(root.resolve("participant_ratings.tsv"), List.of("participant_id", "trial", "experiment_id",
                "start_time", "valence", "arousal", "dominance", "liking", "familiarity"), ratings, false);
        Files.writeString(root.resolve(".bidsignore"), "ground_truth.json\nground_truth/\nparticipant_ratings.tsv\n");
        Files.writeString(root.resolve("README"), """
                Synthetic DEAP-like study written by cortexflow (synth.music preset deap + synth.deap).

                Each subject heard every one-minute clip of stimuli/ once (2-s cue, 5-s fixation baseline, the clip,
                10 s of rating) while 32 channels were recorded at 128 Hz (DEAP's channel names and order), one BDF per
                subject with a Status channel (the clip id at each clip onset). Ratings (valence, arousal, dominance,
                liking 1-9; familiarity 1-5) are in each events.tsv and in participant_ratings.tsv (DEAP's table).
                Planted: felt valence raises ln(alpha power F4 / F3) (frontal alpha asymmetry); arousal raises beta
                and lowers posterior alpha power; a weak response follows each clip's envelope and flux.
                Everything planted, with the seeds: ground_truth.json.
                """);
    }

    private Map<String, Object> describe(List<Map<String, Object>> subjects) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subjects", subjects);
        m.put("sfreq", cfg.sfreq());
        m.put("channels", montage.names());
        m.put("positions", montage.positions());
        m.put("trial_timing_s", Map.of("cue", CUE_S, "baseline", BASELINE_S, "rating", RATING_S, "ramp", RAMP_S));
        m.put("affect_model", Map.of(
                "frontal_alpha_asymmetry", "ln(alpha power at the F4 source / F3 source) = faa * (valence - 5) / 4 during the clip",
                "beta", "ln(beta power gain) = beta_gain * (arousal - 5) / 4",
                "posterior_alpha", "ln(occipital alpha power gain) = -alpha_arousal * (arousal - 5) / 4",
                "ratings", "clip valence/arousal + subject bias N(0, subject_bias) + trial noise N(0, rating_noise), clipped"
                        + " to 1-9; dominance and liking follow valence; familiarity uniform 1-5"));
        m.put("faa", cfg.faa());
        m.put("beta_gain", cfg.betaGain());
        m.put("alpha_arousal", cfg.alphaArousal());
        m.put("snr_db", cfg.snrDb());
        m.put("trf", Trf.describe(List.of("envelope", "flux")));
        m.put("config", cfg);
        return m;
    }
}
