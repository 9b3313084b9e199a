package org.cortexflow.tasks.models;

import java.nio.file.Path;
import java.util.Map;
import org.cortexflow.tasks.artifact.NpzArchive;

/** The committed model goldens (tasks/src/test/goldens/make_models.py, PyTorch 1.13). */
public final class Goldens {

    private Goldens() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("cortexflow.repo", "../"), "tasks/src/test/resources/golden/models");
    }

    public static Map<String, NpzArchive.Entry> load(String name) throws Exception {
        Path p = Path.of("src/test/resources/golden/models", name);
        if (!p.toFile().exists()) {
            p = dir().resolve(name);
        }
        return NpzArchive.read(p);
    }

    public static int[] ints(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.round(v[i]);
        }
        return out;
    }

    /** Largest |a - b| relative to the largest |b| (floored at 1e-3). */
    public static double relativeError(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths " + a.length + " and " + b.length);
        }
        double max = 1e-3;
        double err = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(b[i]));
            err = Math.max(err, Math.abs(a[i] - b[i]));
        }
        return err / max;
    }
}
