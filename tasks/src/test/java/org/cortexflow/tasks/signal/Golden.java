package org.cortexflow.tasks.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cortexflow.tasks.artifact.NpyArray;

/**
 * The committed goldens of tasks/src/test/goldens/make_signal_goldens.py (scipy 1.10, MNE 1.3):
 * inputs, reference outputs and the manifest that says which reference call made each.
 */
final class Golden {

    /** Float64 paths: max |ours - reference| within this fraction of max |reference|. */
    static final double RELATIVE = 1e-9;

    static final JsonNode MANIFEST = load();

    private Golden() {
    }

    private static JsonNode load() {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/signal/cases.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the signal goldens", e);
        }
    }

    static Path dir() {
        try {
            return Path.of(Golden.class.getResource("/golden/signal/cases.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cases of one kind (fir, iir, notch_fir, resample_mne, ...). */
    static List<JsonNode> cases(String kind) {
        List<JsonNode> out = new ArrayList<>();
        MANIFEST.get("cases").forEach(c -> {
            if (c.get("kind").asText().equals(kind)) {
                out.add(c);
            }
        });
        assertThat(out).as("golden cases of kind " + kind).isNotEmpty();
        return out;
    }

    static JsonNode named(String name) {
        for (JsonNode c : MANIFEST.get("cases")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no golden case " + name);
    }

    static double sfreq(JsonNode c) {
        return MANIFEST.get("inputs").get(c.get("input").asText()).get("sfreq").asDouble();
    }

    static double[][] input(JsonNode c) {
        return matrix(MANIFEST.get("inputs").get(c.get("input").asText()).get("file").asText());
    }

    static double[][] output(JsonNode c) {
        return matrix(c.get("output").asText());
    }

    static double[] vector(String file) {
        try (NpyArray a = NpyArray.open(dir().resolve(file))) {
            return a.readAllDoubles();
        } catch (IOException | org.cortexflow.tasks.artifact.FileFormatError e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 2-d (or 3-d, flattened after the first axis) array as rows. */
    static double[][] matrix(String file) {
        try (NpyArray a = NpyArray.open(dir().resolve(file))) {
            long[] shape = a.shape();
            int rows = (int) shape[0];
            int cols = (int) (a.size() / rows);
            double[][] m = new double[rows][cols];
            for (int r = 0; r < rows; r++) {
                a.read((long) r * cols, m[r], 0, cols);
            }
            return m;
        } catch (IOException | org.cortexflow.tasks.artifact.FileFormatError e) {
            throw new IllegalStateException(e);
        }
    }

    static long[] shape(String file) {
        try (NpyArray a = NpyArray.open(dir().resolve(file))) {
            return a.shape();
        } catch (IOException | org.cortexflow.tasks.artifact.FileFormatError e) {
            throw new IllegalStateException(e);
        }
    }

    static double[][] doubles2(JsonNode n) {
        double[][] m = new double[n.size()][];
        for (int i = 0; i < n.size(); i++) {
            m[i] = doubles(n.get(i));
        }
        return m;
    }

    static double[] doubles(JsonNode n) {
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = n.get(i).asDouble();
        }
        return v;
    }

    /** max |a - b| / max |b| over a row. */
    static double relativeError(double[] got, double[] want) {
        assertThat(got).hasSameSizeAs(want);
        double err = 0;
        double peak = 0;
        for (int i = 0; i < want.length; i++) {
            err = Math.max(err, Math.abs(got[i] - want[i]));
            peak = Math.max(peak, Math.abs(want[i]));
        }
        return peak == 0 ? err : err / peak;
    }

    static void assertClose(String what, double[] got, double[] want, double tolerance) {
        assertThat(relativeError(got, want)).as(what + ": max error relative to the peak").isLessThanOrEqualTo(tolerance);
    }

    static void assertClose(String what, double[][] got, double[][] want) {
        assertThat(got.length).as(what + " rows").isEqualTo(want.length);
        for (int r = 0; r < want.length; r++) {
            assertClose(what + " row " + r, got[r], want[r], RELATIVE);
        }
    }
}
