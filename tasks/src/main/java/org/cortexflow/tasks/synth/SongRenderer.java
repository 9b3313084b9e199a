package org.cortexflow.tasks.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link SongPlan} to stereo audio block by block (memory independent of the song's
 * length): wavetable voices with ADSR envelopes for bass, chords and lead, one-shot drum sounds,
 * and the latent band-noise voices whose loudness follows the plan's latent trajectory; a soft
 * clipper for distortion and on the master bus; short fades at both ends.
 */
public final class SongRenderer {

    private static final int TABLE = 2048;
    private static final double MASTER = 0.32;

    private final SongPlan plan;
    private final int sr;
    private final float[][] tables = new float[3][];
    private final double[][] adsr = new double[3][]; // attack, decay, sustain, release in seconds / level
    private final float[][] drums = new float[3][];
    private final double[] voiceLevel;
    private final double drumLevel;
    private final double drive;
    private final FastNoise noise;
    private final double[][] biquad; // per latent band: b0, b2, a1, a2 (b1 = 0)
    private final double[][] biquadState; // x1, x2, y1, y2
    private final List<SongPlan.Note> active = new ArrayList<>();
    private final List<SongPlan.Hit> activeHits = new ArrayList<>();
    private int nextNote;
    private int nextHit;
    private long pos;
    private float[] busL = new float[0];
    private float[] busR = new float[0];
    private float[] drvL = new float[0];
    private float[] drvR = new float[0];
    private float[] white = new float[0];

    public SongRenderer(SongPlan plan) {
        this.plan = plan;
        this.sr = plan.sampleRate;
        MusicStyle s = plan.style;
        double maxLead = 440.0 * StrictMath.pow(2, (plan.rootMidi + 12 * (s.leadOctave() - 3) + 24 - 69) / 12.0);
        tables[0] = wavetable(1.6, 0.6, 500);
        tables[1] = wavetable(s.padTilt(), 0.8, 1400);
        tables[2] = wavetable(s.leadTilt(), 1.0, maxLead);
        adsr[0] = new double[] {0.005, 0.25, 0.6, 0.04};
        adsr[1] = new double[] {s.padAttack(), 0.3, 0.7, 0.12};
        adsr[2] = new double[] {s.leadAttack(), s.leadDecay(), s.leadSustain(), 0.08};
        voiceLevel = new double[] {s.bassLevel(), s.padLevel(), s.leadLevel()};
        drumLevel = s.drumLevel();
        drive = s.drive();
        noise = new FastNoise(Seeds.derive(plan.seed, "song", plan.id, "noise"));
        FastNoise drumNoise = new FastNoise(Seeds.derive(plan.seed, "song", plan.id, "drums"));
        drums[0] = kick();
        drums[1] = snare(drumNoise);
        drums[2] = hat(drumNoise, s.hatDecay());
        int d = plan.latentDimensions();
        biquad = new double[d][];
        biquadState = new double[d][4];
        for (int k = 0; k < d; k++) {
            // RBJ Audio EQ Cookbook band-pass, constant 0 dB peak gain, Q = 1.5
            double f0 = Math.min(SongPlan.LATENT_BANDS_HZ[k % SongPlan.LATENT_BANDS_HZ.length], 0.4 * sr);
            double w0 = 2 * StrictMath.PI * f0 / sr;
            double alpha = StrictMath.sin(w0) / (2 * 1.5);
            double a0 = 1 + alpha;
            biquad[k] = new double[] {alpha / a0, -alpha / a0, -2 * StrictMath.cos(w0) / a0, (1 - alpha) / a0};
        }
    }

    /** Frames rendered so far. */
    public long position() {
        return pos;
    }

    /**
     * Renders the next {@code n} frames into {@code left} and {@code right} (for mono songs, use
     * the mean of the two).
     */
    public void render(float[] left, float[] right, int n) {
        if (busL.length < n) {
            busL = new float[n];
            busR = new float[n];
            drvL = new float[n];
            drvR = new float[n];
            white = new float[n];
        }
        java.util.Arrays.fill(left, 0, n, 0f);
        java.util.Arrays.fill(right, 0, n, 0f);
        java.util.Arrays.fill(drvL, 0, n, 0f);
        java.util.Arrays.fill(drvR, 0, n, 0f);
        long b0 = pos;
        long b1 = pos + n;
        // notes
        while (nextNote < plan.notes.size() && plan.notes.get(nextNote).start() < b1) {
            active.add(plan.notes.get(nextNote++));
        }
        for (int k = active.size() - 1; k >= 0; k--) {
            SongPlan.Note note = active.get(k);
            long end = note.start() + note.length() + (long) (adsr[note.voice()][3] * sr);
            if (end <= b0) {
                active.remove(k);
                continue;
            }
            boolean driven = drive > 0 && note.voice() >= 1;
            renderNote(note, end, b0, b1, driven ? drvL : left, driven ? drvR : right);
        }
        if (drive > 0) {
            double norm = 1.0 / softClip(drive);
            for (int i = 0; i < n; i++) {
                left[i] += (float) (softClip(drive * drvL[i]) * norm);
                right[i] += (float) (softClip(drive * drvR[i]) * norm);
            }
        }
        // drums
        while (nextHit < plan.hits.size() && plan.hits.get(nextHit).start() < b1) {
            activeHits.add(plan.hits.get(nextHit++));
        }
        for (int k = activeHits.size() - 1; k >= 0; k--) {
            SongPlan.Hit h = activeHits.get(k);
            float[] one = drums[h.drum()];
            if (h.start() + one.length <= b0) {
                activeHits.remove(k);
                continue;
            }
            float g = (float) (h.gain() * drumLevel);
            float pl = h.drum() == 2 ? 0.8f : 1f;
            float pr = h.drum() == 2 ? 1f : 1f;
            int from = (int) Math.max(0, h.start() - b0);
            int to = (int) Math.min(n, h.start() + one.length - b0);
            for (int i = from; i < to; i++) {
                float v = one[(int) (b0 + i - h.start())] * g;
                left[i] += v * pl;
                right[i] += v * pr;
            }
        }
        // latent voices: one white noise, band-passed differently per dimension
        for (int i = 0; i < n; i++) {
            white[i] = noise.uniform();
        }
        renderLatent(b0, n, left, right);
        // master: level, fades, soft clip
        double fadeIn = 0.05 * sr;
        double fadeOut = Math.min(3.0 * sr, plan.frames / 4.0);
        for (int i = 0; i < n; i++) {
            long t = b0 + i;
            double g = MASTER;
            if (t < fadeIn) {
                g *= t / fadeIn;
            }
            long toEnd = plan.frames - t;
            if (toEnd < fadeOut) {
                g *= Math.max(0, toEnd) / fadeOut;
            }
            left[i] = (float) softClip(left[i] * g);
            right[i] = (float) softClip(right[i] * g);
        }
        pos = b1;
    }

    private void renderNote(SongPlan.Note note, long end, long b0, long b1, float[] left, float[] right) {
        float[] table = tables[note.voice()];
        double[] env = adsr[note.voice()];
        double attack = Math.max(1, env[0] * sr);
        double decay = Math.max(1, env[1] * sr);
        double sustain = env[2];
        double release = Math.max(1, env[3] * sr);
        double len = note.length();
        double gain = note.gain() * voiceLevel[note.voice()];
        // equal-power pan
        double angle = (note.pan() + 1) * Math.PI / 4;
        float gl = (float) (gain * StrictMath.cos(angle) * Math.sqrt(2));
        float gr = (float) (gain * StrictMath.sin(angle) * Math.sqrt(2));
        long from = Math.max(note.start(), b0);
        long to = Math.min(end, b1);
        double inc = note.freq() * TABLE / sr;
        double phase = ((from - note.start()) * inc) % TABLE;
        double releaseFrom = levelAt(len, attack, decay, sustain);
        for (long t = from; t < to; t++) {
            double u = t - note.start();
            double e = u < len ? levelAt(u, attack, decay, sustain) : releaseFrom * (1 - (u - len) / release);
            int ip = (int) phase;
            double frac = phase - ip;
            double v = table[ip] + frac * (table[ip + 1] - table[ip]);
            float s = (float) (v * e);
            int i = (int) (t - b0);
            left[i] += s * gl;
            right[i] += s * gr;
            phase += inc;
            if (phase >= TABLE) {
                phase -= TABLE * Math.floor(phase / TABLE); // several periods per sample when the note is above the rate
            }
        }
    }

    private static double levelAt(double u, double attack, double decay, double sustain) {
        if (u < attack) {
            return u / attack;
        }
        if (u < attack + decay) {
            return 1 - (1 - sustain) * (u - attack) / decay;
        }
        return sustain;
    }

    /** The latent voices, all bands in one pass over the block. */
    private void renderLatent(long b0, int n, float[] left, float[] right) {
        int dims = plan.latentDimensions();
        if (dims == 0) {
            return;
        }
        double t0 = b0 / (double) sr;
        double t1 = (b0 + n) / (double) sr;
        double[] gain = new double[dims];
        double[] slope = new double[dims];
        for (int d = 0; d < dims; d++) {
            // loudness follows exp(0.7 * latent): interpolated across the block
            double a0 = plan.latentLevel * StrictMath.exp(0.7 * plan.latentAt(d, t0));
            double a1 = plan.latentLevel * StrictMath.exp(0.7 * plan.latentAt(d, t1));
            gain[d] = a0;
            slope[d] = (a1 - a0) / n;
        }
        for (int d = 0; d < dims; d++) {
            double[] c = biquad[d];
            double[] st = biquadState[d];
            double x1 = st[0];
            double x2 = st[1];
            double y1 = st[2];
            double y2 = st[3];
            double b0c = c[0];
            double b2c = c[1];
            double a1c = c[2];
            double a2c = c[3];
            float pl = d % 2 == 0 ? 1.1f : 0.9f;
            float pr = d % 2 == 0 ? 0.9f : 1.1f;
            double g = gain[d];
            double dg = slope[d];
            for (int i = 0; i < n; i++) {
                double x = white[i];
                double y = b0c * x + b2c * x2 - a1c * y1 - a2c * y2;
                x2 = x1;
                x1 = x;
                y2 = y1;
                y1 = y;
                float v = (float) (y * (g + dg * i));
                left[i] += v * pl;
                right[i] += v * pr;
            }
            st[0] = x1;
            st[1] = x2;
            st[2] = y1;
            st[3] = y2;
        }
    }

    /** A rational approximation of tanh (exact at 0, slope 1, saturating at +-1 beyond +-3). */
    static double softClip(double x) {
        if (x > 3) {
            return 1;
        }
        if (x < -3) {
            return -1;
        }
        double x2 = x * x;
        return x * (27 + x2) / (27 + 9 * x2);
    }

    /** One period of a harmonic waveform, band-limited for notes up to {@code maxFreq}; peak 1. */
    private float[] wavetable(double tilt, double evenGain, double maxFreq) {
        int harmonics = (int) Math.max(1, Math.min(24, Math.floor(0.45 * sr / Math.max(maxFreq, 50))));
        double[] t = new double[TABLE + 1];
        for (int h = 1; h <= harmonics; h++) {
            double a = StrictMath.pow(h, -tilt) * (h % 2 == 0 ? evenGain : 1.0);
            for (int i = 0; i < TABLE; i++) {
                t[i] += a * StrictMath.sin(2 * StrictMath.PI * h * i / TABLE);
            }
        }
        double peak = 1e-12;
        for (int i = 0; i < TABLE; i++) {
            peak = Math.max(peak, Math.abs(t[i]));
        }
        float[] out = new float[TABLE + 1];
        for (int i = 0; i < TABLE; i++) {
            out[i] = (float) (t[i] / peak);
        }
        out[TABLE] = out[0];
        return out;
    }

    private float[] kick() {
        int n = (int) (0.4 * sr);
        float[] k = new float[n];
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double t = i / (double) sr;
            double f = 45 + 90 * StrictMath.exp(-t / 0.03);
            phase += 2 * StrictMath.PI * f / sr;
            k[i] = (float) (StrictMath.sin(phase) * StrictMath.exp(-t / 0.15) * 1.4);
        }
        return k;
    }

    private float[] snare(FastNoise nz) {
        int n = (int) (0.35 * sr);
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / (double) sr;
            double tone = StrictMath.sin(2 * StrictMath.PI * 185 * t) * StrictMath.exp(-t / 0.05) * 0.5;
            s[i] = (float) (tone + nz.uniform() * StrictMath.exp(-t / 0.09) * 0.8);
        }
        return s;
    }

    private float[] hat(FastNoise nz, double decay) {
        int n = (int) (5 * decay * sr);
        float[] h = new float[n];
        float prev = 0;
        for (int i = 0; i < n; i++) {
            double t = i / (double) sr;
            float x = nz.uniform();
            h[i] = (float) ((x - prev) * 0.35 * StrictMath.exp(-t / decay)); // first difference: a crude high-pass
            prev = x;
        }
        return h;
    }
}
