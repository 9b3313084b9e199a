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
import org.cortexflow.tasks.artifact.NpyWriter;
import org.cortexflow.tasks.artifact.Table;
import org.cortexflow.tasks.io.audio.AuWriter;
import org.cortexflow.tasks.io.audio.Pcm16Writer;
import org.cortexflow.tasks.io.audio.WavWriter;

/**
 * Generates a stimulus set ({@link MusicSet} layout) for one of three presets:
 * <ul>
 * <li>{@code nmedt}: K songs with ids 21, 22, ..., 44.1 kHz stereo WAV ({@code stimuli/21.wav}),
 *     each with its own genre style, tempo, groove, key and timbres;</li>
 * <li>{@code gtzan}: 10 genres x N tracks of 30 s, 22.05 kHz mono, as GTZAN's AU files
 *     ({@code stimuli/genres/blues/blues.00000.au}) and as WAV ({@code stimuli/wav/blues/blues.00000.wav});</li>
 * <li>{@code deap}: K one-minute clips ({@code stimuli/1.wav}, ...) whose style follows a planted
 *     valence and arousal (a quarter of the clips in each quadrant).</li>
 * </ul>
 * Songs are rendered in parallel, streamed to disk, and their features (envelope, flux, latent
 * dimensions) are z-scored over the set and written as {@code .npy}.
 */
public final class MusicGenerator {

    /** Song lengths of NMED-T's ten songs (ids 21-30), seconds (PredANN's mat_to_pkl.py). */
    public static final int[] NMEDT_LENGTHS_S = {278, 271, 276, 294, 289, 276, 292, 292, 293, 298};

    /** What to generate. */
    public record Config(String preset, long seed, int count, double durationS, boolean realLengths, int sampleRate,
                         int channels, double featureRate, int latentDims, double latentLevel, List<String> formats) {
    }

    private record Rendered(SongPlan plan, String file, float[][] features) {
    }

    private MusicGenerator() {
    }

    /** The songs to draw: one plan per stimulus, in a fixed order. */
    static List<SongPlan> plans(Config c) throws TaskFailure {
        List<SongPlan> plans = new ArrayList<>();
        switch (c.preset()) {
            case "nmedt" -> {
                // each song its own genre; tempos spread over 60-150 BPM so that no two songs share one
                SplittableRandom r = Seeds.random(c.seed(), "music", "nmedt", "assign");
                int[] order = permutation(r, MusicStyle.GENRES.size());
                int[] tempoSlot = permutation(r, c.count());
                for (int k = 0; k < c.count(); k++) {
                    String genre = MusicStyle.GENRES.get(order[k % order.length]);
                    double tempo = 60 + 90 * (tempoSlot[k] + 0.2 + 0.6 * r.nextDouble()) / c.count();
                    double dur = c.realLengths() ? NMEDT_LENGTHS_S[k % NMEDT_LENGTHS_S.length] : c.durationS();
                    plans.add(SongPlan.draw(c.seed(), Integer.toString(21 + k), genre, MusicStyle.genre(genre), dur,
                            c.sampleRate(), c.channels(), tempo, c.latentDims(), c.latentLevel(), Double.NaN, Double.NaN));
                }
            }
            case "gtzan" -> {
                for (String genre : MusicStyle.GENRES) {
                    for (int t = 0; t < c.count(); t++) {
                        String id = String.format("%s.%05d", genre, t);
                        plans.add(SongPlan.draw(c.seed(), id, genre, MusicStyle.genre(genre), c.durationS(), c.sampleRate(),
                                c.channels(), Double.NaN, c.latentDims(), c.latentLevel(), Double.NaN, Double.NaN));
                    }
                }
            }
            case "deap" -> {
                SplittableRandom r = Seeds.random(c.seed(), "music", "deap", "affect");
                for (int k = 0; k < c.count(); k++) {
                    int quadrant = k % 4; // HAHV, LAHV, LALV, HALV
                    double v = (quadrant <= 1 ? 1 : -1) * Seeds.uniform(r, 0.35, 0.95);
                    double a = (quadrant == 0 || quadrant == 3 ? 1 : -1) * Seeds.uniform(r, 0.35, 0.95);
                    double valence = Math.round((5 + 4 * v) * 100) / 100.0;
                    double arousal = Math.round((5 + 4 * a) * 100) / 100.0;
                    plans.add(SongPlan.draw(c.seed(), Integer.toString(k + 1), "affect", MusicStyle.affect(v, a), c.durationS(),
                            c.sampleRate(), c.channels(), Double.NaN, c.latentDims(), c.latentLevel(), valence, arousal));
                }
            }
            default -> throw new TaskFailure("unknown music preset '" + c.preset() + "' (nmedt, gtzan or deap)");
        }
        return plans;
    }

    private static int[] permutation(SplittableRandom r, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * Writes the set into {@code root} and returns it.
     *
     * @param threads songs rendered at once
     */
    public static MusicSet generate(Config c, Path root, int threads, Cancel cancel) throws Exception {
        List<SongPlan> plans = plans(c);
        Files.createDirectories(root.resolve("stimuli"));
        Files.createDirectories(root.resolve(MusicSet.FEATURES_DIR));
        List<Rendered> done = Parallel.map(plans, threads, cancel, p -> render(c, p, root));
        // z-score each feature over the whole set, in a fixed order
        int nf = 2 + c.latentDims();
        double[] mean = new double[nf];
        double[] sd = new double[nf];
        long count = 0;
        for (Rendered r : done) {
            for (int f = 0; f < nf; f++) {
                for (float v : r.features()[f]) {
                    mean[f] += v;
                }
            }
            count += r.features()[0].length;
        }
        for (int f = 0; f < nf; f++) {
            mean[f] /= count;
        }
        for (Rendered r : done) {
            for (int f = 0; f < nf; f++) {
                for (float v : r.features()[f]) {
                    sd[f] += (v - mean[f]) * (v - mean[f]);
                }
            }
        }
        for (int f = 0; f < nf; f++) {
            sd[f] = Math.sqrt(sd[f] / Math.max(1, count - 1));
        }
        List<String> names = new ArrayList<>(AudioFeatures.ACOUSTIC);
        for (int d = 0; d < c.latentDims(); d++) {
            names.add("latent" + (d + 1));
        }
        Table.Builder tsv = new Table.Builder("stimulus", "file", "genre", "track", "duration_s", "sample_rate", "channels",
                "tempo_bpm", "key", "mode", "valence", "arousal");
        List<Map<String, Object>> songs = new ArrayList<>();
        for (Rendered r : done) {
            int n = r.features()[0].length;
            float[] flat = new float[nf * n];
            for (int f = 0; f < nf; f++) {
                for (int i = 0; i < n; i++) {
                    flat[f * n + i] = (float) ((r.features()[f][i] - mean[f]) / (sd[f] > 0 ? sd[f] : 1));
                }
            }
            NpyWriter.writeFloat32(root.resolve(MusicSet.FEATURES_DIR).resolve(r.plan().id() + ".npy"), flat, nf, n);
            Map<String, Object> d = r.plan().describe();
            d.put("file", r.file());
            songs.add(d);
            SongPlan p = r.plan();
            tsv.add(p.id(), r.file(), p.genre(), track(p), p.durationS(), p.sampleRate(), p.channels(), p.tempoBpm(),
                    d.get("key"), d.get("mode"), Double.isNaN(p.valence) ? null : p.valence,
                    Double.isNaN(p.arousal) ? null : p.arousal);
        }
        tsv.build().write(root.resolve(MusicSet.STIMULI_TSV));
        Map<String, Object> music = new LinkedHashMap<>();
        music.put("preset", c.preset());
        music.put("seed", c.seed());
        music.put("sample_rate", c.sampleRate());
        music.put("channels", c.channels());
        music.put("feature_rate", c.featureRate());
        music.put("feature_names", names);
        music.put("feature_definitions", Map.of(
                "envelope", "RMS of the mono mix over a 10-ms window centred on each frame, to the power 0.6",
                "flux", "sum over bins of max(0, diff of log(1 + 1000 |STFT|)), Hann ~23 ms, hop 10 ms, interpolated",
                "latent", "the planted latent trajectory (Ornstein-Uhlenbeck around a song-specific offset) that sets"
                        + " the loudness of a band-noise voice: gain exp(0.7 * latent)"));
        Map<String, Object> norm = new LinkedHashMap<>();
        for (int f = 0; f < nf; f++) {
            norm.put(names.get(f), Map.of("mean", mean[f], "sd", sd[f]));
        }
        music.put("feature_normalization", norm);
        music.put("latent_bands_hz", SongPlan.LATENT_BANDS_HZ);
        music.put("latent_timescales_s", SongPlan.LATENT_TIMESCALES_S);
        music.put("latent_control_rate", SongPlan.LATENT_RATE);
        music.put("formats", c.formats());
        music.put("stimuli", songs);
        return new MusicSet(root, c.preset(), c.featureRate(), List.copyOf(names),
                MusicSet.load(root, music).stimuli(), music);
    }

    private static int track(SongPlan p) {
        int dot = p.id().lastIndexOf('.');
        return dot >= 0 ? Integer.parseInt(p.id().substring(dot + 1)) : Integer.parseInt(p.id());
    }

    /** Renders one song to its files and returns its raw (not yet normalised) features. */
    private static Rendered render(Config c, SongPlan p, Path root) throws IOException {
        List<Path> wavs = new ArrayList<>();
        List<Path> aus = new ArrayList<>();
        String main;
        if (c.preset().equals("gtzan")) {
            main = "stimuli/wav/" + p.genre() + "/" + p.id() + ".wav";
            if (c.formats().contains("au")) {
                aus.add(root.resolve("stimuli/genres/" + p.genre() + "/" + p.id() + ".au"));
                main = "stimuli/genres/" + p.genre() + "/" + p.id() + ".au";
            }
            if (c.formats().contains("wav")) {
                wavs.add(root.resolve("stimuli/wav/" + p.genre() + "/" + p.id() + ".wav"));
            }
        } else {
            main = "stimuli/" + p.id() + ".wav";
            wavs.add(root.resolve(main));
            if (c.formats().contains("au")) {
                aus.add(root.resolve("stimuli/" + p.id() + ".au"));
            }
        }
        List<Pcm16Writer> outs = new ArrayList<>();
        boolean ok = false;
        try {
            for (Path w : wavs) {
                Files.createDirectories(w.getParent());
                outs.add(WavWriter.create(w, p.sampleRate(), p.channels(), p.frames()));
            }
            for (Path a : aus) {
                Files.createDirectories(a.getParent());
                outs.add(AuWriter.create(a, p.sampleRate(), p.channels(), p.frames(), "synth"));
            }
            SongRenderer renderer = new SongRenderer(p);
            AudioFeatures features = new AudioFeatures(p.sampleRate(), c.featureRate(), p.frames());
            int block = 8192;
            float[] l = new float[block];
            float[] r = new float[block];
            short[] pcm = new short[block * p.channels()];
            for (long done = 0; done < p.frames(); ) {
                int n = (int) Math.min(block, p.frames() - done);
                renderer.render(l, r, n);
                if (p.channels() == 2) {
                    for (int i = 0; i < n; i++) {
                        pcm[2 * i] = Pcm16Writer.pcm16(l[i]);
                        pcm[2 * i + 1] = Pcm16Writer.pcm16(r[i]);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        pcm[i] = Pcm16Writer.pcm16(0.5f * (l[i] + r[i]));
                    }
                }
                for (Pcm16Writer w : outs) {
                    w.write(pcm, n);
                }
                features.accept(pcm, n, p.channels());
                done += n;
            }
            float[][] acoustic = features.finish();
            int frames = acoustic[0].length;
            float[][] all = new float[2 + c.latentDims()][];
            all[0] = acoustic[0];
            all[1] = acoustic[1];
            for (int d = 0; d < c.latentDims(); d++) {
                float[] x = new float[frames];
                for (int k = 0; k < frames; k++) {
                    x[k] = (float) p.latentAt(d, k / c.featureRate());
                }
                all[2 + d] = x;
            }
            ok = true;
            return new Rendered(p, main, all);
        } finally {
            IOException first = null;
            for (Pcm16Writer w : outs) {
                try {
                    w.close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
            if (first != null && ok) {
                throw first;
            }
        }
    }
}
