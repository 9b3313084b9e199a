package org.cortexflow.tasks.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyArray;

/**
 * One audio artifact ({@code audio.npy} float32 [channels, samples], meta.json with {@code sample_rate};
 * docs/artifacts.md), read as a mono signal: the mean of its channels or its first channel.
 */
record AudioClip(Path dir, double sampleRate, int channels, long samples) {

    static final String DATA = "audio.npy";

    static AudioClip open(Path dir) throws IOException, FileFormatError {
        Map<String, Object> meta = MetaJson.read(dir);
        if (!(meta.get("sample_rate") instanceof Number sr) || !(sr.doubleValue() > 0)) {
            throw new FileFormatError(dir.resolve(MetaJson.FILE), -1, "sample_rate", "meta.json has no positive sample_rate",
                    "bind an artifact written by audio.read");
        }
        try (NpyArray a = NpyArray.open(dir.resolve(DATA))) {
            long[] s = a.shape();
            if (s.length != 2 || s[0] < 1) {
                throw new FileFormatError(dir.resolve(DATA), -1, "shape", "expected [channels, samples], found "
                        + java.util.Arrays.toString(s));
            }
            return new AudioClip(dir, sr.doubleValue(), (int) s[0], s[1]);
        }
    }

    /**
     * Samples {@code [start, start + len)} mixed to mono; positions before 0 or past the end read
     * as silence.
     */
    float[] mono(long start, int len, boolean firstOnly) throws IOException, FileFormatError {
        float[] out = new float[len];
        long from = Math.max(0, start);
        long to = Math.min(samples, start + len);
        if (to <= from) {
            return out;
        }
        int n = (int) (to - from);
        int at = (int) (from - start);
        int used = firstOnly ? 1 : channels;
        float[] ch = used == 1 ? null : new float[n];
        try (NpyArray a = NpyArray.open(dir.resolve(DATA))) {
            if (used == 1) {
                a.read(from, out, at, n);
                return out;
            }
            double[] sum = new double[n];
            for (int c = 0; c < used; c++) {
                a.read(c * samples + from, ch, 0, n);
                for (int i = 0; i < n; i++) {
                    sum[i] += ch[i];
                }
            }
            for (int i = 0; i < n; i++) {
                out[at + i] = (float) (sum[i] / used);
            }
        }
        return out;
    }
}
