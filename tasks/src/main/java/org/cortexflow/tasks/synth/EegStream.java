package org.cortexflow.tasks.synth;

import java.util.Arrays;

/**
 * Generates an {@link EegModel}'s recording block after block, in microvolts, with the Status
 * channel's trigger codes. Memory is a few blocks, whatever the recording's length. Output is
 * reproducible for a given model and block length (each component has its own random stream).
 */
final class EegStream {

    private final EegModel m;
    private final int channels;
    private final float[][] mixing; // [channel][source]
    private final FastNoise[] sourceNoise;
    private final Filters.Pink[] pink;
    private final FastNoise[] rhythmNoise;
    private final Filters.Resonator[] resonators;
    private final Filters.Ou[] modulation;
    private final java.util.SplittableRandom modulationRandom;
    private final double[] modulationNow;
    private final FastNoise sensor;
    private final java.util.SplittableRandom driftRandom;
    private final Filters.Ou[] drift;
    private final int driftStep;
    private long driftKnot = -1;
    private final double[] driftPrev;
    private final double[] driftNext;
    private double lineRe = 1;
    private double lineIm = 0;
    private final double rotRe;
    private final double rotIm;
    private long pos;
    private float[][] src = new float[0][];
    private float[] rhythm = new float[0];
    private float[] lc = new float[0];
    private float[] ls = new float[0];
    private float[] blink = new float[0];
    private float[][] resp = new float[0][];
    private float[] ramp = new float[0];
    private int nextTrigger;

    EegStream(EegModel model) {
        this.m = model;
        this.channels = model.channels();
        int ns = model.mixing().length == 0 ? 0 : model.mixing()[0].length;
        mixing = new float[channels][ns];
        for (int c = 0; c < channels; c++) {
            for (int s = 0; s < ns; s++) {
                mixing[c][s] = (float) model.mixing()[c][s];
            }
        }
        sourceNoise = new FastNoise[ns];
        pink = new Filters.Pink[ns];
        Filters.Pink design = new Filters.Pink(model.backgroundExponent(), 0.1, model.sfreq());
        for (int s = 0; s < ns; s++) {
            sourceNoise[s] = new FastNoise(Seeds.derive(model.seed(), "background", s));
            pink[s] = new Filters.Pink(design);
        }
        int nr = model.rhythms().size();
        rhythmNoise = new FastNoise[nr];
        resonators = new Filters.Resonator[nr];
        modulation = new Filters.Ou[nr];
        modulationNow = new double[nr];
        modulationRandom = Seeds.random(model.seed(), "rhythm-modulation");
        for (int r = 0; r < nr; r++) {
            EegModel.Rhythm rh = model.rhythms().get(r);
            rhythmNoise[r] = new FastNoise(Seeds.derive(model.seed(), "rhythm", r));
            resonators[r] = new Filters.Resonator(rh.hz(), rh.bandwidthHz(), model.sfreq());
            modulation[r] = new Filters.Ou(20, Seeds.gaussian(modulationRandom)); // 20 steps of 0.1 s: 2 s
            modulationNow[r] = modulation[r].value();
        }
        sensor = new FastNoise(Seeds.derive(model.seed(), "sensor"));
        driftRandom = Seeds.random(model.seed(), "drift");
        drift = new Filters.Ou[channels];
        for (int c = 0; c < channels; c++) {
            drift[c] = new Filters.Ou(300, Seeds.gaussian(driftRandom)); // 300 steps of 0.1 s: 30 s
        }
        driftStep = (int) Math.max(1, Math.round(model.sfreq() / 10));
        ramp = new float[driftStep];
        for (int k = 0; k < driftStep; k++) {
            ramp[k] = k;
        }
        driftPrev = new double[channels];
        driftNext = new double[channels];
        double w = 2 * StrictMath.PI * model.lineHz() / model.sfreq();
        rotRe = StrictMath.cos(w);
        rotIm = StrictMath.sin(w);
    }

    /** Fills {@code out[channel][0..n)} (microvolts) and {@code status[0..n)} with the next {@code n} samples. */
    void next(float[][] out, int[] status, int n) {
        ensure(n);
        long b0 = pos;
        // sensor noise first: it initialises the output
        for (int c = 0; c < channels; c++) {
            sensor.fill(out[c], n, (float) m.sensorUv()[c]);
        }
        // 1/f background sources, mixed
        for (int s = 0; s < src.length; s++) {
            sourceNoise[s].fill(src[s], n, 1f);
            pink[s].apply(src[s], n);
        }
        for (int c = 0; c < channels; c++) {
            float[] o = out[c];
            float[] w = mixing[c];
            for (int s = 0; s < src.length; s++) {
                axpy(w[s], src[s], o, n);
            }
        }
        // rhythms with slow amplitude modulation and their schedules
        for (int r = 0; r < resonators.length; r++) {
            EegModel.Rhythm rh = m.rhythms().get(r);
            rhythmNoise[r].fill(rhythm, n, 1f);
            resonators[r].apply(rhythm, n);
            int step = driftStep;
            double g0 = modGain(r, rh);
            for (int i = 0; i < n; i += step) {
                int len = Math.min(step, n - i);
                modulationNow[r] = modulation[r].step(Seeds.gaussian(modulationRandom));
                double g1 = modGain(r, rh);
                double sched0 = rh.schedule().gain(b0 + i);
                double sched1 = rh.schedule().gain(b0 + i + len);
                for (int k = 0; k < len; k++) {
                    double f = k / (double) len;
                    rhythm[i + k] *= (float) ((g0 + (g1 - g0) * f) * (sched0 + (sched1 - sched0) * f));
                }
                g0 = g1;
            }
            for (int c = 0; c < channels; c++) {
                float w = (float) (rh.pattern()[c] * rh.amplitudeUv());
                if (w != 0) {
                    axpy(w, rhythm, out[c], n);
                }
            }
        }
        // line noise: a rotating phasor (and its third harmonic)
        for (int i = 0; i < n; i++) {
            double c1 = lineRe;
            double s1 = lineIm;
            double c3 = c1 * (4 * c1 * c1 - 3);
            double s3 = s1 * (3 - 4 * s1 * s1);
            lc[i] = (float) (c1 + 0.15 * c3);
            ls[i] = (float) (s1 + 0.15 * s3);
            double re = lineRe * rotRe - lineIm * rotIm;
            lineIm = lineRe * rotIm + lineIm * rotRe;
            lineRe = re;
        }
        double norm = 1 / Math.sqrt(lineRe * lineRe + lineIm * lineIm);
        lineRe *= norm;
        lineIm *= norm;
        for (int c = 0; c < channels; c++) {
            axpy((float) m.lineCos()[c], lc, out[c], n);
            axpy((float) m.lineSin()[c], ls, out[c], n);
        }
        // blinks on the frontal channels
        if (fillBlinks(b0, n)) {
            for (int c = 0; c < channels; c++) {
                if (m.blinkPattern()[c] != 0) {
                    axpy((float) m.blinkPattern()[c], blink, out[c], n);
                }
            }
        }
        // stimulus-driven responses
        if (fillResponses(b0, n)) {
            double[][] p = m.responses().patterns();
            for (int c = 0; c < channels; c++) {
                for (int f = 0; f < resp.length; f++) {
                    axpy((float) (p[f][c] * m.responses().gainUv()), resp[f], out[c], n);
                }
            }
        }
        addDrift(out, b0, n);
        fillStatus(status, b0, n);
        pos += n;
    }

    private double modGain(int r, EegModel.Rhythm rh) {
        return StrictMath.exp(rh.modulationDepth() * modulationNow[r] - rh.modulationDepth() * rh.modulationDepth() / 2);
    }

    private void ensure(int n) {
        int ns = mixing.length == 0 ? 0 : mixing[0].length;
        if (rhythm.length < n) {
            src = new float[ns][n];
            rhythm = new float[n];
            lc = new float[n];
            ls = new float[n];
            blink = new float[n];
            resp = new float[m.responses().patterns().length][n];
        }
    }

    private static void axpy(float a, float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += a * x[i];
        }
    }

    /** The sum of the blinks overlapping the block (raised cosines); false when there are none. */
    private boolean fillBlinks(long b0, int n) {
        long[] on = m.blinkOnsets();
        int first = Arrays.binarySearch(on, b0 - 2 * (long) m.sfreq());
        first = first < 0 ? -first - 1 : first;
        boolean any = false;
        for (int k = first; k < on.length && on[k] < b0 + n; k++) {
            int d = m.blinkDurations()[k];
            if (on[k] + d <= b0) {
                continue;
            }
            if (!any) {
                Arrays.fill(blink, 0, n, 0f);
                any = true;
            }
            double amp = m.blinkAmplitudes()[k];
            long from = Math.max(on[k], b0);
            long to = Math.min(on[k] + d, b0 + n);
            for (long t = from; t < to; t++) {
                double u = (t - on[k]) / (double) d;
                blink[(int) (t - b0)] += (float) (amp * 0.5 * (1 - StrictMath.cos(2 * StrictMath.PI * u)));
            }
        }
        return any;
    }

    private boolean fillResponses(long b0, int n) {
        EegModel.Responses r = m.responses();
        boolean any = false;
        for (int k = 0; k < r.onsets().length; k++) {
            float[][] drive = r.drives()[r.stimulusOf()[k]];
            long start = r.onsets()[k] + r.latencySamples();
            long end = start + drive[0].length;
            if (end <= b0 || start >= b0 + n) {
                continue;
            }
            if (!any) {
                for (float[] x : resp) {
                    Arrays.fill(x, 0, n, 0f);
                }
                any = true;
            }
            int from = (int) Math.max(0, start - b0);
            int to = (int) Math.min(n, end - b0);
            for (int f = 0; f < resp.length; f++) {
                System.arraycopy(drive[f], (int) (b0 + from - start), resp[f], from, to - from);
            }
        }
        return any;
    }

    /** Slow drift: per-channel OU values every 0.1 s, linearly interpolated. */
    private void addDrift(float[][] out, long b0, int n) {
        for (int i = 0; i < n; ) {
            long t = b0 + i;
            long knot = t / driftStep;
            while (driftKnot < knot) {
                driftKnot++;
                for (int c = 0; c < channels; c++) {
                    driftPrev[c] = driftKnot == 0 ? drift[c].value() : driftNext[c];
                    driftNext[c] = drift[c].step(Seeds.gaussian(driftRandom));
                }
            }
            int len = (int) Math.min(n - i, (knot + 1) * driftStep - t);
            int off = (int) (t - knot * driftStep);
            for (int c = 0; c < channels; c++) {
                float slope = (float) ((driftNext[c] - driftPrev[c]) * m.driftUv()[c] / driftStep);
                float a = (float) (driftPrev[c] * m.driftUv()[c]) + slope * off;
                float[] o = out[c];
                for (int k = 0; k < len; k++) {
                    o[i + k] += a + slope * ramp[k];
                }
            }
            i += len;
        }
    }

    private void fillStatus(int[] status, long b0, int n) {
        Arrays.fill(status, 0, n, 0);
        var triggers = m.triggers();
        while (nextTrigger < triggers.size() && triggers.get(nextTrigger).sample() + triggers.get(nextTrigger).width() <= b0) {
            nextTrigger++;
        }
        for (int k = nextTrigger; k < triggers.size() && triggers.get(k).sample() < b0 + n; k++) {
            EegModel.Trigger tr = triggers.get(k);
            long from = Math.max(tr.sample(), b0);
            long to = Math.min(tr.sample() + tr.width(), b0 + n);
            for (long t = from; t < to; t++) {
                status[(int) (t - b0)] = tr.code();
            }
        }
    }
}
