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
import org.cortexflow.tasks.io.nifti.NiftiWriter;

/**
 * A ds003720-like study (Music Genre fMRI): S subjects hear 15-s excerpts of GTZAN-like tracks in
 * training runs (each opening with the previous run's last clip) and test runs (D clips repeated R
 * times, the first clip again at the end), TR 1.5 s. A small 4-D volume per run: voxels of a
 * planted auditory ROI (areas A1, Belt, PB, T2/T3 in both hemispheres) respond to genre and to the
 * clips' audio features, convolved with SPM's canonical HRF; every brain voxel carries AR(1) noise
 * and slow drift. Written as NIfTI-1 .nii.gz in BIDS, with ds003720's events columns; the ROI
 * labels and voxel weights as NIfTI maps, and simulated listeners' genre choices.
 */
public final class FmriStudy {

    /** The four planted areas, and the share of each area's signal variance due to genre (the rest: audio features). */
    static final List<String> AREAS = List.of("A1", "Belt", "PB", "T2/T3");
    static final double[] GENRE_SHARE = {0.4, 0.55, 0.7, 0.85};

    /** Parameters; {@code confusion} null for the default. */
    public record Config(long seed, int subjects, int[] dims, double voxelMm, double tr, int trainRuns, int trainClips,
                         int testRuns, int testClips, int repeats, double clipS, double fadeS, double snr, double noisePct,
                         double ar1, double driftPct, GenreConfusion confusion) {
    }

    record Clip(String stimulus, String genre, int track, double start, String file) {
    }

    record Run(String task, int number, List<Clip> clips) {
        String label() {
            return String.format("task-%s_run-%02d", task, number);
        }
    }

    private final Config cfg;
    private final MusicSet music;
    private final List<Run> runs;
    private final List<String> regressors = new ArrayList<>();
    private final Map<String, double[][]> design = new LinkedHashMap<>(); // run label -> [volume][regressor]
    private final boolean[] brain;
    private final int[] areaOf; // 0 none, 1..4
    private final int[] hemisphereOf; // 0 left, 1 right
    private final double[][] prototypes; // [area][regressor], study level
    private final int nvox;

    private FmriStudy(Config cfg, MusicSet music) throws Exception {
        this.cfg = cfg;
        this.music = music;
        this.runs = plan();
        for (String g : MusicStyle.GENRES) {
            regressors.add("genre_" + g);
        }
        for (String f : music.featureNames()) {
            regressors.add("audio_" + f);
        }
        for (Run r : runs) {
            design.put(r.label(), regressors(r));
        }
        int[] d = cfg.dims();
        nvox = d[0] * d[1] * d[2];
        brain = new boolean[nvox];
        areaOf = new int[nvox];
        hemisphereOf = new int[nvox];
        for (int z = 0; z < d[2]; z++) {
            for (int y = 0; y < d[1]; y++) {
                for (int x = 0; x < d[0]; x++) {
                    double ex = (x - (d[0] - 1) / 2.0) / (0.45 * d[0]);
                    double ey = (y - (d[1] - 1) / 2.0) / (0.45 * d[1]);
                    double ez = (z - (d[2] - 1) / 2.0) / (0.42 * d[2]);
                    brain[index(x, y, z)] = ex * ex + ey * ey + ez * ez <= 1;
                }
            }
        }
        SplittableRandom r = Seeds.random(cfg.seed(), "fmri", "prototypes");
        prototypes = new double[AREAS.size()][regressors.size()];
        for (int a = 0; a < AREAS.size(); a++) {
            for (int j = 0; j < regressors.size(); j++) {
                prototypes[a][j] = Seeds.gaussian(r);
            }
        }
    }

    private int index(int x, int y, int z) {
        return x + cfg.dims()[0] * (y + cfg.dims()[1] * z);
    }

    /** The stimulus design, the same for every subject (as in ds003720). */
    private List<Run> plan() throws TaskFailure {
        Map<String, List<MusicSet.Stimulus>> byGenre = new LinkedHashMap<>();
        for (String g : MusicStyle.GENRES) {
            byGenre.put(g, new ArrayList<>());
        }
        for (MusicSet.Stimulus s : music.stimuli()) {
            if (byGenre.containsKey(s.genre())) {
                byGenre.get(s.genre()).add(s);
            }
        }
        int needTrain = (int) Math.ceil(cfg.trainRuns() * cfg.trainClips() / 10.0);
        int needTest = (int) Math.ceil(cfg.testRuns() * cfg.testClips() / 10.0);
        for (var e : byGenre.entrySet()) {
            if (e.getValue().size() < needTrain + needTest) {
                throw new TaskFailure("genre " + e.getKey() + " has " + e.getValue().size() + " tracks; the design needs "
                        + (needTrain + needTest) + " (one per clip): generate the music with songs >= " + (needTrain + needTest));
            }
            for (MusicSet.Stimulus s : e.getValue()) {
                if (s.durationS() < cfg.clipS() + 1) {
                    throw new TaskFailure("track " + s.id() + " is " + s.durationS() + " s long; the design's " + cfg.clipS()
                            + "-s clips need tracks of at least " + (cfg.clipS() + 1) + " s: generate the music with duration >= "
                            + (cfg.clipS() + 1) + "s");
                }
            }
        }
        SplittableRandom r = Seeds.random(cfg.seed(), "fmri", "design");
        int[] nextTrain = new int[10];
        int[] nextTest = new int[10];
        List<Run> out = new ArrayList<>();
        List<List<Clip>> training = new ArrayList<>();
        for (int run = 0; run < cfg.trainRuns(); run++) {
            List<Integer> genres = new ArrayList<>();
            for (int i = 0; i < cfg.trainClips(); i++) {
                genres.add((run * cfg.trainClips() + i) % 10);
            }
            shuffle(genres, r);
            List<Clip> clips = new ArrayList<>();
            for (int g : genres) {
                MusicSet.Stimulus s = byGenre.get(MusicStyle.GENRES.get(g)).get(nextTrain[g]++);
                clips.add(clip(s, r));
            }
            training.add(clips);
        }
        for (int run = 0; run < cfg.trainRuns(); run++) {
            List<Clip> seq = new ArrayList<>();
            List<Clip> previous = training.get((run + cfg.trainRuns() - 1) % cfg.trainRuns());
            seq.add(previous.get(previous.size() - 1));
            seq.addAll(training.get(run));
            out.add(new Run("Training", run + 1, seq));
        }
        for (int run = 0; run < cfg.testRuns(); run++) {
            List<Clip> block = new ArrayList<>();
            List<Integer> genres = new ArrayList<>();
            for (int i = 0; i < cfg.testClips(); i++) {
                genres.add((run * cfg.testClips() + i) % 10);
            }
            shuffle(genres, r);
            for (int g : genres) {
                List<MusicSet.Stimulus> list = byGenre.get(MusicStyle.GENRES.get(g));
                block.add(clip(list.get(list.size() - 1 - nextTest[g]++), r));
            }
            List<Clip> seq = new ArrayList<>();
            for (int k = 0; k < cfg.repeats(); k++) {
                seq.addAll(block);
            }
            seq.add(block.get(0));
            out.add(new Run("Test", run + 1, seq));
        }
        return out;
    }

    private Clip clip(MusicSet.Stimulus s, SplittableRandom r) {
        double start = Math.round(Seeds.uniform(r, 0.5, s.durationS() - cfg.clipS() - 0.5) * 100) / 100.0;
        return new Clip(s.id(), s.genre(), s.track(), start, s.file());
    }

    private static <T> void shuffle(List<T> list, SplittableRandom r) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    /** The run's regressors at each volume: genre boxcars and faded audio features, convolved with the HRF. */
    private double[][] regressors(Run run) throws Exception {
        double dt = 0.1;
        int fine = (int) Math.round(run.clips().size() * cfg.clipS() / dt);
        int nr = regressors.size();
        double[][] x = new double[nr][fine];
        int perClip = (int) Math.round(cfg.clipS() / dt);
        for (int c = 0; c < run.clips().size(); c++) {
            Clip clip = run.clips().get(c);
            int g = MusicStyle.GENRES.indexOf(clip.genre());
            float[][] f = music.features(clip.stimulus());
            for (int i = 0; i < perClip; i++) {
                int t = c * perClip + i;
                x[g][t] = 1;
                double u = i * dt;
                double fade = Math.min(1, Math.min(u / cfg.fadeS(), (cfg.clipS() - u) / cfg.fadeS()));
                double pos = (clip.start() + u) * music.featureRate();
                for (int a = 0; a < f.length; a++) {
                    x[10 + a][t] = fade * interpolate(f[a], pos);
                }
            }
        }
        double[] h = Hrf.canonical(dt);
        int vols = volumes(run);
        double[][] out = new double[vols][nr];
        int step = (int) Math.round(cfg.tr() / dt);
        for (int j = 0; j < nr; j++) {
            double[] y = Hrf.convolve(x[j], h);
            for (int k = 0; k < vols; k++) {
                out[k][j] = y[Math.min(fine - 1, k * step)];
            }
        }
        return out;
    }

    private int volumes(Run run) {
        return (int) Math.round(run.clips().size() * cfg.clipS() / cfg.tr());
    }

    private static double interpolate(float[] x, double pos) {
        int i = (int) Math.floor(pos);
        if (i < 0) {
            return x[0];
        }
        if (i >= x.length - 1) {
            return x[x.length - 1];
        }
        return x[i] + (pos - i) * (x[i + 1] - x[i]);
    }

    /** Writes the study into {@code root}. */
    public static void generate(Config cfg, MusicSet music, Path root, int threads, Cancel cancel, Map<String, Object> extra)
            throws Exception {
        if (!music.preset().equals("gtzan")) {
            throw new TaskFailure("synth.fmri needs a music set with preset gtzan, got '" + music.preset() + "'");
        }
        FmriStudy study = new FmriStudy(cfg, music);
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
        study.datasetFiles(root);
        Map<String, Object> truth = new LinkedHashMap<>(extra);
        truth.put("preset", "gtzan-fmri");
        truth.put("seed", cfg.seed());
        truth.put("music", music.truth());
        truth.put("fmri", study.describe(described));
        StudyFiles.json(root.resolve(MusicSet.GROUND_TRUTH), truth);
    }

    private String subjectId(int s) {
        return StudyFiles.subject(s, cfg.subjects(), 3);
    }

    private Map<String, Object> subject(int s, Path root, Cancel cancel) throws Exception {
        String id = subjectId(s);
        SplittableRandom r = Seeds.random(cfg.seed(), "fmri", id, "anatomy");
        int[] d = cfg.dims();
        double scale = d[0] / 24.0;
        // baseline image: smooth variation inside the brain, air outside
        double[] baseline = new double[nvox];
        double[] phase = {Seeds.uniform(r, 0, 6.3), Seeds.uniform(r, 0, 6.3), Seeds.uniform(r, 0, 6.3)};
        for (int z = 0; z < d[2]; z++) {
            for (int y = 0; y < d[1]; y++) {
                for (int x = 0; x < d[0]; x++) {
                    int v = index(x, y, z);
                    baseline[v] = brain[v] ? 700 + 120 * StrictMath.sin(x * 0.9 / scale + phase[0])
                            * StrictMath.cos(y * 0.7 / scale + phase[1]) + 60 * StrictMath.sin(z * 1.1 / scale + phase[2]) : 20;
                }
            }
        }
        // the planted areas, with a subject-specific shift of up to a voxel
        int[] area = new int[nvox];
        int[] hemi = new int[nvox];
        double[] profile = new double[nvox];
        List<Map<String, Object>> areaTruth = new ArrayList<>();
        for (int h = 0; h < 2; h++) {
            double side = h == 0 ? -1 : 1;
            double[] centre = {(d[0] - 1) / 2.0 + side * 0.26 * d[0] + Seeds.uniform(r, -0.7, 0.7) * scale,
                (d[1] - 1) / 2.0 + 0.02 * d[1] + Seeds.uniform(r, -0.7, 0.7) * scale,
                (d[2] - 1) / 2.0 - 0.05 * d[2] + Seeds.uniform(r, -0.7, 0.7) * scale};
            double[][] centres = {centre, centre, {centre[0] + side * 2.0 * scale, centre[1], centre[2]},
                {centre[0] + side * 1.0 * scale, centre[1] + 3.0 * scale, centre[2] - 2.0 * scale}};
            double[] radii = {Math.max(0.9, 1.3 * scale), Math.max(1.5, 2.3 * scale), Math.max(1.0, 1.6 * scale),
                Math.max(1.1, 1.8 * scale)};
            for (int a = 0; a < AREAS.size(); a++) {
                Map<String, Object> at = new LinkedHashMap<>();
                at.put("area", AREAS.get(a));
                at.put("hemisphere", h == 0 ? "left" : "right");
                at.put("centre_voxel", centres[a]);
                at.put("radius_voxels", radii[a]);
                at.put("genre_share", GENRE_SHARE[a]);
                areaTruth.add(at);
            }
            for (int z = 0; z < d[2]; z++) {
                for (int y = 0; y < d[1]; y++) {
                    for (int x = 0; x < d[0]; x++) {
                        int v = index(x, y, z);
                        if (!brain[v] || area[v] != 0) {
                            continue;
                        }
                        for (int a = 0; a < AREAS.size(); a++) {
                            double dx = x - centres[a][0];
                            double dy = y - centres[a][1];
                            double dz = z - centres[a][2];
                            double dist2 = dx * dx + dy * dy + dz * dz;
                            if (dist2 <= radii[a] * radii[a]) {
                                area[v] = a + 1;
                                hemi[v] = h;
                                profile[v] = Math.max(0.6, StrictMath.exp(-dist2 / (2 * radii[a] * radii[a])));
                                break;
                            }
                        }
                    }
                }
            }
        }
        // voxel weights: the area's prototype plus voxel jitter, scaled to the target signal SD on the training runs
        int nr = regressors.size();
        float[][] weights = new float[nvox][];
        SplittableRandom wr = Seeds.random(cfg.seed(), "fmri", id, "weights");
        List<double[][]> train = new ArrayList<>();
        for (Run run : runs) {
            if (run.task().equals("Training")) {
                train.add(design.get(run.label()));
            }
        }
        int[] counts = new int[AREAS.size()];
        for (int v = 0; v < nvox; v++) {
            if (area[v] == 0) {
                continue;
            }
            int a = area[v] - 1;
            counts[a]++;
            // genre and audio parts, each scaled to its share of the signal variance
            double[] genre = new double[nr];
            double[] audio = new double[nr];
            for (int j = 0; j < nr; j++) {
                double w = prototypes[a][j] + 0.5 * Seeds.gaussian(wr);
                (j < 10 ? genre : audio)[j] = w;
            }
            double sg = signalSd(genre, train);
            double sa = signalSd(audio, train);
            double[] w = new double[nr];
            for (int j = 0; j < nr; j++) {
                w[j] = j < 10 ? genre[j] * Math.sqrt(GENRE_SHARE[a]) / (sg > 0 ? sg : 1)
                        : audio[j] * Math.sqrt(1 - GENRE_SHARE[a]) / (sa > 0 ? sa : 1);
            }
            double sd = signalSd(w, train);
            double k = cfg.snr() * cfg.noisePct() * profile[v] / (sd > 0 ? sd : 1);
            weights[v] = new float[nr];
            for (int j = 0; j < nr; j++) {
                weights[v][j] = (float) (w[j] * k);
            }
        }
        // runs
        Path func = root.resolve(id).resolve("func");
        Files.createDirectories(func);
        double[] origin = {-(d[0] - 1) / 2.0 * cfg.voxelMm(), -(d[1] - 1) / 2.0 * cfg.voxelMm(), -(d[2] - 1) / 2.0 * cfg.voxelMm()};
        double[] vox = {cfg.voxelMm(), cfg.voxelMm(), cfg.voxelMm()};
        for (Run run : runs) {
            cancel.check();
            writeRun(func.resolve(id + "_" + run.label() + "_bold.nii.gz"), id, run, baseline, weights, d, vox, origin);
            writeEvents(func.resolve(id + "_" + run.label() + "_events.tsv"), run);
            Map<String, Object> side = new LinkedHashMap<>();
            side.put("TaskName", run.task());
            side.put("RepetitionTime", cfg.tr());
            side.put("EchoTime", 0.03);
            side.put("FlipAngle", 62);
            side.put("MagneticFieldStrength", 3);
            side.put("Manufacturer", "cortexflow synth.fmri (synthetic data)");
            side.put("SliceEncodingDirection", "k");
            StudyFiles.json(func.resolve(id + "_" + run.label() + "_bold.json"), side);
        }
        // anatomy, ground-truth maps
        Path anat = root.resolve(id).resolve("anat");
        Files.createDirectories(anat);
        try (NiftiWriter w = NiftiWriter.create(anat.resolve(id + "_T1w.nii.gz"), NiftiWriter.Type.INT16,
                new int[] {d[0], d[1], d[2]}, vox, 0, origin, "cortexflow synth.fmri baseline image")) {
            short[] t1 = new short[nvox];
            for (int v = 0; v < nvox; v++) {
                t1[v] = (short) Math.round(baseline[v]);
            }
            w.writeVolume(t1);
        }
        Path gt = root.resolve("ground_truth");
        Files.createDirectories(gt);
        try (NiftiWriter w = NiftiWriter.create(gt.resolve(id + "_roi.nii.gz"), NiftiWriter.Type.UINT8,
                new int[] {d[0], d[1], d[2]}, vox, 0, origin, "planted ROI: 1 A1, 2 Belt, 3 PB, 4 T2/T3")) {
            byte[] labels = new byte[nvox];
            for (int v = 0; v < nvox; v++) {
                labels[v] = (byte) area[v];
            }
            w.writeVolume(labels);
        }
        try (NiftiWriter w = NiftiWriter.create(gt.resolve(id + "_weights.nii.gz"), NiftiWriter.Type.FLOAT32,
                new int[] {d[0], d[1], d[2], nr}, vox, 1, origin, "planted voxel weights, % signal change per regressor")) {
            float[] vol = new float[nvox];
            for (int j = 0; j < nr; j++) {
                for (int v = 0; v < nvox; v++) {
                    vol[v] = weights[v] == null ? 0f : weights[v][j];
                }
                w.writeVolume(vol);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("roi_file", "ground_truth/" + id + "_roi.nii.gz");
        m.put("weights_file", "ground_truth/" + id + "_weights.nii.gz");
        Map<String, Integer> voxels = new LinkedHashMap<>();
        for (int a = 0; a < AREAS.size(); a++) {
            voxels.put(AREAS.get(a), counts[a]);
        }
        m.put("roi_voxels", voxels);
        m.put("areas", areaTruth);
        int brainCount = 0;
        for (boolean b : brain) {
            brainCount += b ? 1 : 0;
        }
        m.put("brain_voxels", brainCount);
        return m;
    }

    /** SD of X w over the concatenated training runs. */
    private static double signalSd(double[] w, List<double[][]> runs) {
        double sum = 0;
        double sum2 = 0;
        long n = 0;
        for (double[][] x : runs) {
            for (double[] row : x) {
                double s = 0;
                for (int j = 0; j < w.length; j++) {
                    s += row[j] * w[j];
                }
                sum += s;
                sum2 += s * s;
                n++;
            }
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sum2 / n - mean * mean));
    }

    private void writeRun(Path file, String id, Run run, double[] baseline, float[][] weights, int[] d, double[] vox,
                          double[] origin) throws IOException {
        double[][] x = design.get(run.label());
        int vols = volumes(run);
        FastNoise noise = new FastNoise(Seeds.derive(cfg.seed(), "fmri", id, run.label(), "noise"));
        SplittableRandom r = Seeds.random(cfg.seed(), "fmri", id, run.label(), "drift");
        double[] ar = new double[nvox];
        double[] rho = new double[nvox];
        double[][] drift = new double[nvox][];
        for (int v = 0; v < nvox; v++) {
            if (brain[v]) {
                rho[v] = Math.max(0, Math.min(0.95, cfg.ar1() + Seeds.uniform(r, -0.05, 0.05)));
                ar[v] = cfg.noisePct() * Seeds.gaussian(r);
                drift[v] = new double[] {cfg.driftPct() * Seeds.gaussian(r) / Math.sqrt(3),
                    cfg.driftPct() * Seeds.gaussian(r) / Math.sqrt(3), cfg.driftPct() * Seeds.gaussian(r) / Math.sqrt(3)};
            }
        }
        double runLen = vols * cfg.tr();
        try (NiftiWriter w = NiftiWriter.create(file, NiftiWriter.Type.INT16, new int[] {d[0], d[1], d[2], vols}, vox,
                cfg.tr(), origin, "cortexflow synth.fmri " + run.task() + " run " + run.number())) {
            short[] vol = new short[nvox];
            for (int k = 0; k < vols; k++) {
                double t = k * cfg.tr();
                double c1 = StrictMath.cos(Math.PI * t / runLen);
                double c2 = StrictMath.cos(2 * Math.PI * t / runLen);
                double c3 = StrictMath.cos(3 * Math.PI * t / runLen);
                double[] xk = x[k];
                for (int v = 0; v < nvox; v++) {
                    double value;
                    if (!brain[v]) {
                        value = baseline[v] + 6 * Math.abs(noise.next());
                    } else {
                        ar[v] = rho[v] * ar[v] + Math.sqrt(1 - rho[v] * rho[v]) * cfg.noisePct() * noise.next();
                        double pct = ar[v] + drift[v][0] * c1 + drift[v][1] * c2 + drift[v][2] * c3;
                        float[] wv = weights[v];
                        if (wv != null) {
                            for (int j = 0; j < wv.length; j++) {
                                pct += wv[j] * xk[j];
                            }
                        }
                        value = baseline[v] * (1 + pct / 100);
                    }
                    vol[v] = (short) Math.max(0, Math.min(32767, Math.round(value)));
                }
                w.writeVolume(vol);
            }
        }
    }

    /** ds003720's events: onset duration genre track start end, genre in single quotes, CRLF, no final newline. */
    private void writeEvents(Path file, Run run) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < run.clips().size(); i++) {
            Clip c = run.clips().get(i);
            rows.add(List.of(StudyFiles.number(i * cfg.clipS()), StudyFiles.number(cfg.clipS()), "'" + c.genre() + "'",
                    c.track(), StudyFiles.number(c.start()), StudyFiles.number(Math.round((c.start() + cfg.clipS()) * 100) / 100.0)));
        }
        StudyFiles.tsv(file, List.of("onset", "duration", "genre", "track", "start", "end"), rows, true);
    }

    private void datasetFiles(Path root) throws IOException {
        Map<String, Object> dd = new LinkedHashMap<>();
        dd.put("Name", "cortexflow synthetic Music Genre fMRI-like study");
        dd.put("BIDSVersion", "1.4.0");
        dd.put("License", "CC0");
        dd.put("Authors", List.of("cortexflow synth.fmri"));
        dd.put("ReferencesAndLinks", List.of("Modelled on OpenNeuro ds003720 (Nakai, Koide-Majima and Nishimoto 2021)"));
        StudyFiles.json(root.resolve("dataset_description.json"), dd);
        List<List<Object>> rows = new ArrayList<>();
        for (int s = 0; s < cfg.subjects(); s++) {
            SplittableRandom r = Seeds.random(cfg.seed(), "participant", subjectId(s));
            rows.add(List.of(subjectId(s), 20 + r.nextInt(15), r.nextBoolean() ? "F" : "M"));
        }
        StudyFiles.tsv(root.resolve("participants.tsv"), List.of("participant_id", "age", "sex"), rows, false);
        // simulated listeners: every subject labels every distinct test clip
        GenreConfusion conf = cfg.confusion() == null ? GenreConfusion.standard() : cfg.confusion();
        List<List<Object>> choices = new ArrayList<>();
        for (int s = 0; s < cfg.subjects(); s++) {
            SplittableRandom r = Seeds.random(cfg.seed(), "fmri", subjectId(s), "choices");
            int trial = 0;
            for (Run run : runs) {
                if (!run.task().equals("Test")) {
                    continue;
                }
                for (Clip c : run.clips().subList(0, cfg.testClips())) {
                    choices.add(List.of(subjectId(s), run.number(), ++trial, c.file(), c.genre(), c.track(),
                            StudyFiles.number(c.start()), StudyFiles.number(Math.round((c.start() + cfg.clipS()) * 100) / 100.0),
                            conf.answer(c.genre(), r)));
                }
            }
        }
        StudyFiles.tsv(root.resolve("genre_choices.tsv"), List.of("participant_id", "run", "trial", "stim_file", "genre",
                "track", "start", "end", "response"), choices, false);
        conf.write(root.resolve("ground_truth/confusion.tsv"));
        List<List<Object>> designRows = new ArrayList<>();
        for (Run run : runs) {
            for (int i = 0; i < run.clips().size(); i++) {
                Clip c = run.clips().get(i);
                designRows.add(List.of(run.task(), run.number(), i, StudyFiles.number(i * cfg.clipS()), c.stimulus(), c.genre(),
                        c.track(), StudyFiles.number(c.start()), c.file()));
            }
        }
        StudyFiles.tsv(root.resolve("ground_truth/design.tsv"), List.of("task", "run", "clip", "onset", "stimulus", "genre",
                "track", "start", "stim_file"), designRows, false);
        Files.writeString(root.resolve(".bidsignore"), "ground_truth.json\nground_truth/\ngenre_choices.tsv\n");
        Files.writeString(root.resolve("README"), """
                Synthetic Music Genre fMRI-like study written by cortexflow (synth.music preset gtzan + synth.fmri),
                modelled on OpenNeuro ds003720: training runs of 15-s clips (the first repeats the previous run's
                last clip) and test runs (clips repeated, the first clip again at the end), TR 1.5 s.

                Planted: an auditory ROI (A1, Belt, PB, T2/T3 in both hemispheres, ground_truth/sub-XXX_roi.nii.gz)
                whose voxels respond to genre and to the clips' audio features convolved with SPM's canonical HRF
                (weights: ground_truth/sub-XXX_weights.nii.gz); every brain voxel has AR(1) noise and slow drift.
                genre_choices.tsv holds simulated listeners' genre labels of the test clips, drawn from
                ground_truth/confusion.tsv. Everything planted, with the seeds: ground_truth.json.
                """);
    }

    private Map<String, Object> describe(List<Map<String, Object>> subjects) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subjects", subjects);
        m.put("dims", cfg.dims());
        m.put("voxel_mm", cfg.voxelMm());
        m.put("tr_s", cfg.tr());
        Map<String, Integer> volumes = new LinkedHashMap<>();
        runs.forEach(r -> volumes.put(r.label(), volumes(r)));
        m.put("volumes", volumes);
        m.put("clip_s", cfg.clipS());
        m.put("fade_s", cfg.fadeS());
        m.put("regressors", regressors);
        m.put("hrf", "SPM canonical: gamma(6) - gamma(16)/6, 32 s, unit sum; regressors built at 0.1 s, convolved,"
                + " sampled at each volume's start; audio regressors are the z-scored features with the clip's 2-s fades");
        m.put("areas", AREAS);
        m.put("genre_share", GENRE_SHARE);
        m.put("area_prototypes", prototypes);
        m.put("weights_definition", "voxel weights = area prototype + 0.5 N(0,1), the genre part scaled to variance"
                + " genre_share and the audio part to 1 - genre_share over the training runs, then the whole scaled so that"
                + " the voxel's signal SD over the training runs is snr * noise_pct * profile (profile: Gaussian falloff from"
                + " the area centre, at least 0.6)");
        m.put("snr", cfg.snr());
        m.put("noise_pct", cfg.noisePct());
        m.put("ar1", cfg.ar1());
        m.put("drift_pct", cfg.driftPct());
        m.put("signal_model", "value = baseline * (1 + (signal + AR(1) noise + drift) / 100), int16");
        m.put("confusion", (cfg.confusion() == null ? GenreConfusion.standard() : cfg.confusion()).matrix());
        m.put("choices_file", "genre_choices.tsv");
        return m;
    }
}
