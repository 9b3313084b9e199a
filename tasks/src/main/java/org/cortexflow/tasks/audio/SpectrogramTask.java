package org.cortexflow.tasks.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;
import org.cortexflow.tasks.artifact.EpochRow;
import org.cortexflow.tasks.artifact.EpochsFile;
import org.cortexflow.tasks.artifact.ItemIndex;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyWriter;
import org.cortexflow.tasks.artifact.Table;

/**
 * {@code audio.spectrogram}: STFT, mel, dB and MFCC of audio clips (or of the audio segments aligned
 * to epochs), like torchaudio.transforms.Spectrogram / MelSpectrogram / AmplitudeToDB / MFCC;
 * parallel over clips within the task's thread budget.
 */
public final class SpectrogramTask implements TaskType {

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.choice("kind", List.of("mel", "linear", "mfcc"), "mel",
                    "mel: mel filterbank energies; linear: the STFT bins; mfcc: DCT-II of the dB mel spectrogram"),
            ParamSpec.optional("n_fft", ParamType.INT, 2048, "FFT length").range(2, 1 << 20),
            ParamSpec.optional("hop", ParamType.INT, 512, "samples between frames (hop_length)").range(1, 1 << 24),
            ParamSpec.optional("win_length", ParamType.INT, 0, "periodic Hann window length, centred in the frame; 0 = n_fft")
                    .range(0, 1 << 20),
            ParamSpec.optional("power", ParamType.FLOAT, 2.0, "exponent of the magnitude: 1 magnitude, 2 power").range(0.01, 10),
            ParamSpec.optional("n_mels", ParamType.INT, 128, "mel bands (mel, mfcc)").range(1, 4096),
            ParamSpec.optional("f_min", ParamType.FLOAT, 0.0, "lowest mel frequency").unit("Hz").atLeast(0),
            ParamSpec.optional("f_max", ParamType.FLOAT, 0.0, "highest mel frequency; 0 = half the sample rate").unit("Hz").atLeast(0),
            ParamSpec.choice("mel_scale", List.of("slaney", "htk"), "slaney",
                    "Hz-to-mel formula: slaney (librosa's default) or htk (torchaudio's default)"),
            ParamSpec.choice("norm", List.of("slaney", "none"), "slaney", "slaney: divide each filter by its bandwidth (area 1)"),
            ParamSpec.optional("db", ParamType.BOOL, false,
                    "convert to decibels (10 log10 for power, 20 log10 for magnitude; amin 1e-10, ref 1); mfcc always does"),
            ParamSpec.optional("top_db", ParamType.FLOAT, 80.0,
                    "with db or mfcc: floor at the spectrogram's maximum minus this; 0 = no floor").atLeast(0),
            ParamSpec.optional("n_mfcc", ParamType.INT, 40, "mfcc: coefficients kept (torchaudio's default 40)").range(1, 4096),
            ParamSpec.choice("dct_norm", List.of("ortho", "none"), "ortho", "mfcc: DCT-II normalisation"),
            ParamSpec.optional("duration", ParamType.DURATION, "0s",
                    "clips: the length every clip is cut to (all rows share one frame count); 0 = the shortest clip").unit("s").atLeast(0),
            ParamSpec.choice("mix", List.of("mean", "first"), "mean", "how several audio channels become one: their mean or the first"));

    private static final List<PortSpec> INPUTS = List.of(
            PortSpec.of("audio", ArtifactKind.AUDIO, "an audio clip or a set of clips"),
            PortSpec.optional("epochs", ArtifactKind.EPOCHS,
                    "optional: one spectrogram per epoch, of the audio segment aligned to it (stimulus, audio_onset_s, audio_duration_s)"));

    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("spectrogram", ArtifactKind.SPECTROGRAM,
            "spec.npy float32 [n, bins, frames], spec.tsv (one row per clip or epoch), meta.json"));

    static final String DATA = "spec.npy";
    static final String TABLE = "spec.tsv";

    /** One row of the output: which audio, from where, for how long. */
    private record Segment(AudioClip clip, String clipId, String stimulus, long start, int length, long epoch) {
    }

    @Override
    public String name() {
        return "audio.spectrogram";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String summary() {
        return "Spectrograms of audio clips or epoch-aligned segments: STFT, mel (Slaney/HTK), dB, MFCC (like torchaudio)";
    }

    @Override
    public List<PortSpec> inputs() {
        return INPUTS;
    }

    @Override
    public List<PortSpec> outputs() {
        return OUTPUTS;
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
        Map<String, AudioClip> clips = new LinkedHashMap<>();
        Map<String, String> stimulusOf = new LinkedHashMap<>();
        for (ItemIndex.Item it : ItemIndex.list(ctx.input("audio"), ItemIndex.CLIPS)) {
            AudioClip c = AudioClip.open(it.dir());
            String stim = it.field("stimulus", it.id());
            if (stim.isEmpty()) { // a single clip: its meta.json stimulus, else its source file's stem
                Map<String, Object> m = MetaJson.read(it.dir());
                String source = Path.of(String.valueOf(m.getOrDefault("source", "x"))).getFileName().toString();
                stim = String.valueOf(m.getOrDefault("stimulus",
                        source.contains(".") ? source.substring(0, source.lastIndexOf('.')) : ""));
            }
            clips.put(it.id(), c);
            stimulusOf.put(it.id(), stim);
        }
        if (clips.isEmpty()) {
            throw new TaskFailure("input 'audio' holds no clips");
        }
        double sr = clips.values().iterator().next().sampleRate();
        for (Map.Entry<String, AudioClip> e : clips.entrySet()) {
            if (e.getValue().sampleRate() != sr) {
                throw new TaskFailure("clip " + e.getKey() + " is at " + e.getValue().sampleRate() + " Hz but the first is at " + sr
                        + " Hz; one spectrogram artifact needs one rate\n  hint: set audio.read's sample_rate to resample");
            }
        }
        List<Segment> segments = ctx.inputs().containsKey("epochs")
                ? epochSegments(ctx.input("epochs"), clips, stimulusOf, sr)
                : clipSegments(clips, stimulusOf, ctx.duration("duration").toNanos() / 1e9, sr, ctx);

        String kind = ctx.string("kind");
        int nFft = (int) ctx.integer("n_fft");
        int hop = (int) ctx.integer("hop");
        int win = ctx.integer("win_length") == 0 ? nFft : (int) ctx.integer("win_length");
        if (win > nFft) {
            throw new TaskFailure("win_length " + win + " is longer than n_fft " + nFft);
        }
        double power = ctx.real("power");
        double fMax = ctx.real("f_max") == 0 ? sr / 2 : ctx.real("f_max");
        double fMin = ctx.real("f_min");
        if (!kind.equals("linear") && !(fMax > fMin && fMax <= sr / 2)) {
            throw new TaskFailure("need f_min < f_max <= sample_rate / 2 = " + sr / 2 + " Hz, got f_min " + fMin + ", f_max " + fMax);
        }
        int nMels = (int) ctx.integer("n_mels");
        MelSpectrogram proto = kind.equals("linear") ? MelSpectrogram.linear(nFft, hop, win, power)
                : MelSpectrogram.mel(sr, nFft, hop, win, nMels, fMin, fMax,
                ctx.string("mel_scale").equals("htk") ? MelScale.HTK : MelScale.SLANEY, ctx.string("norm").equals("slaney"), power);
        if (proto.filters() != null && proto.filters().emptyFilters() > 0) {
            ctx.log().println("warning: " + proto.filters().emptyFilters() + " of " + nMels
                    + " mel filters are all zero (too many mels for n_fft " + nFft + "), as torchaudio warns");
        }
        boolean db = kind.equals("mfcc") || ctx.bool("db");
        double topDb = ctx.real("top_db") == 0 ? Double.NaN : ctx.real("top_db");
        Mfcc mfcc = kind.equals("mfcc") ? new Mfcc((int) ctx.integer("n_mfcc"), nMels, ctx.string("dct_norm").equals("ortho")) : null;
        int length = segments.isEmpty() ? proto.minLength() : segments.get(0).length();
        if (length < proto.minLength()) {
            throw new TaskFailure("segments of " + length + " samples are shorter than the " + proto.minLength()
                    + " that n_fft " + nFft + " needs (centred frames reflect-pad by n_fft / 2)");
        }
        int frames = proto.frames(length);
        int bins = mfcc != null ? mfcc.nMfcc() : proto.bins();
        Path out = ctx.output("spectrogram");
        // a segment is transformed whole: its samples, its spectrogram and (for mfcc) the coefficients
        long perSegment = 4L * length + 4L * proto.bins() * frames + 4L * bins * frames;
        long budget = Runtime.getRuntime().maxMemory() / 2;
        if (perSegment > budget) {
            throw new TaskFailure(String.format(java.util.Locale.ROOT,
                    "segments of %.1f s need %d MB each in memory, more than half the heap (%d MB)"
                            + "\n  hint: set duration to cut clips shorter, or give java more memory (JAVA_OPTS=-Xmx...)",
                    length / sr, perSegment >> 20, Runtime.getRuntime().maxMemory() >> 20));
        }
        int threads = (int) Math.max(1, Math.min(Math.min(ctx.cpus(), segments.size()), budget / perSegment));
        try (NpyWriter w = NpyWriter.float32(out.resolve(DATA), segments.size(), bins, frames)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> jobs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int worker = t;
                    MelSpectrogram mel = proto.copy();
                    jobs.add(pool.submit(() -> {
                        for (int i = worker; i < segments.size(); i += threads) {
                            if (ctx.cancelled()) {
                                return null;
                            }
                            Segment s = segments.get(i);
                            float[] x = s.clip().mono(s.start(), s.length(), ctx.string("mix").equals("first"));
                            float[] spec = mel.compute(x);
                            if (db) {
                                Decibels.toDb(spec, 0, spec.length, power == 2.0 ? 10.0 : 20.0, topDb);
                            }
                            if (mfcc != null) {
                                spec = mfcc.apply(spec, frames);
                            }
                            synchronized (w) {
                                w.write((long) i * bins * frames, spec, 0, spec.length);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : jobs) {
                    f.get();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw e;
            } finally {
                pool.shutdownNow();
            }
        }
        if (ctx.cancelled()) {
            throw new TaskFailure("cancelled");
        }
        Table.Builder tb = new Table.Builder("row", "clip", "stimulus", "onset_s", "duration_s", "epoch");
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            tb.add(i, s.clipId(), s.stimulus(), s.start() / sr, s.length() / sr, s.epoch() < 0 ? null : s.epoch());
        }
        tb.build().write(out.resolve(TABLE));
        Map<String, Object> meta = new TreeMap<>();
        meta.put("kind", "spectrogram");
        meta.put("spectrogram", kind);
        meta.put("n", segments.size());
        meta.put("bins", bins);
        meta.put("frames", frames);
        meta.put("sample_rate", sr);
        meta.put("frame_rate", sr / hop);
        meta.put("n_fft", nFft);
        meta.put("hop_length", hop);
        meta.put("win_length", win);
        meta.put("window", "hann (periodic)");
        meta.put("center", true);
        meta.put("pad_mode", "reflect");
        meta.put("power", power);
        meta.put("unit", db ? "dB" : power == 2.0 ? "power" : power == 1.0 ? "magnitude" : "magnitude^" + power);
        if (!kind.equals("linear")) {
            meta.put("n_mels", nMels);
            meta.put("f_min", fMin);
            meta.put("f_max", fMax);
            meta.put("mel_scale", ctx.string("mel_scale"));
            meta.put("norm", ctx.string("norm"));
        }
        if (db) {
            meta.put("top_db", Double.isNaN(topDb) ? null : topDb);
            meta.put("amin", Decibels.AMIN);
        }
        if (mfcc != null) {
            meta.put("n_mfcc", mfcc.nMfcc());
            meta.put("dct_norm", ctx.string("dct_norm"));
        }
        meta.put("mix", ctx.string("mix"));
        meta.put("rows", ctx.inputs().containsKey("epochs") ? "epochs" : "clips");
        MetaJson.write(out, meta);
        ctx.log().printf("%s spectrogram of %d %s: %d bins x %d frames (n_fft %d, hop %d, %s threads)%n", kind, segments.size(),
                ctx.inputs().containsKey("epochs") ? "epoch segments" : "clips", bins, frames, nFft, hop, threads);
    }

    private static List<Segment> clipSegments(Map<String, AudioClip> clips, Map<String, String> stimulusOf, double duration,
                                              double sr, TaskContext ctx) throws TaskFailure {
        long shortest = clips.values().stream().mapToLong(AudioClip::samples).min().orElse(0);
        long len = duration > 0 ? Math.round(duration * sr) : shortest;
        if (len > Integer.MAX_VALUE) {
            throw new TaskFailure("clips of " + len + " samples are too long for one spectrogram; set duration");
        }
        List<Segment> out = new ArrayList<>();
        int cut = 0;
        for (Map.Entry<String, AudioClip> e : clips.entrySet()) {
            AudioClip c = e.getValue();
            if (c.samples() < len) {
                throw new TaskFailure("clip " + e.getKey() + " has " + c.samples() + " samples (" + c.samples() / sr
                        + " s), fewer than the " + len + " (" + len / sr + " s) every row needs; lower duration");
            }
            cut += c.samples() > len ? 1 : 0;
            out.add(new Segment(c, e.getKey(), stimulusOf.get(e.getKey()), 0, (int) len, -1));
        }
        if (cut > 0) {
            ctx.log().printf("%d clips cut to %.3f s so that all rows share one frame count%n", cut, len / sr);
        }
        return out;
    }

    private static List<Segment> epochSegments(Path epochsDir, Map<String, AudioClip> clips, Map<String, String> stimulusOf,
                                               double sr) throws IOException, TaskFailure {
        Map<String, String> clipOfStimulus = new LinkedHashMap<>();
        stimulusOf.forEach((clip, stim) -> clipOfStimulus.put(stim, clip));
        List<Segment> out = new ArrayList<>();
        try (EpochsFile f = EpochsFile.open(epochsDir)) {
            int len = -1;
            for (int i = 0; i < f.size(); i++) {
                EpochRow r = f.rows().get(i);
                if (!r.hasAudio()) {
                    throw new TaskFailure("epoch " + i + " has no aligned audio (audio_onset_s is n/a); epoch with a bound audio "
                            + "input or stimulus events");
                }
                String clip = clipOfStimulus.get(r.stimulus());
                if (clip == null) {
                    throw new TaskFailure("epoch " + i + " is of stimulus '" + r.stimulus() + "', which has no clip in input 'audio'");
                }
                int n = (int) Math.round(r.audioDurationS() * sr);
                if (len >= 0 && n != len) {
                    throw new TaskFailure("epochs have audio segments of different lengths (" + len + " and " + n + " samples)");
                }
                len = n;
                out.add(new Segment(clips.get(clip), clip, r.stimulus(), Math.round(r.audioOnsetS() * sr), n, i));
            }
        }
        return out;
    }
}
