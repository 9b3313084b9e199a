package org.cortexflow.tasks.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.Table;

/**
 * Accuracy of class probabilities on epochs: per crop, and per evaluation window combining its
 * first crops by mean softmax, max softmax (the class with the highest probability in any crop) or
 * majority vote (ties go to the tied class with the highest mean probability), as the official
 * evaluation_{mean,max,majority}_7s.py scripts.
 */
final class Scoring {

    private Scoring() {
    }

    static float[] softmax(float[] logits, int off, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            max = Math.max(max, logits[off + i]);
        }
        double sum = 0;
        double[] e = new double[k];
        for (int i = 0; i < k; i++) {
            e[i] = Math.exp(logits[off + i] - max);
            sum += e[i];
        }
        float[] p = new float[k];
        for (int i = 0; i < k; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Class chosen for a group of crops by one aggregation. */
    static int aggregate(List<float[]> crops, String how) {
        int k = crops.get(0).length;
        float[] mean = new float[k];
        for (float[] p : crops) {
            for (int c = 0; c < k; c++) {
                mean[c] += p[c] / crops.size();
            }
        }
        switch (how) {
            case "mean":
                return argmax(mean);
            case "max": {
                float[] max = new float[k];
                for (float[] p : crops) {
                    for (int c = 0; c < k; c++) {
                        max[c] = Math.max(max[c], p[c]);
                    }
                }
                return argmax(max);
            }
            case "vote": {
                int[] votes = new int[k];
                for (float[] p : crops) {
                    votes[argmax(p)]++;
                }
                int best = 0;
                for (int c = 1; c < k; c++) {
                    if (votes[c] > votes[best] || votes[c] == votes[best] && mean[c] > mean[best]) {
                        best = c;
                    }
                }
                return best;
            }
            default:
                throw new IllegalArgumentException("aggregation " + how);
        }
    }

    /**
     * Scores {@code probs} (row i for epoch eval[i]): metrics.json's content.
     *
     * @param window crop length W in seconds
     * @param hop seconds between a window's crops
     */
    static Map<String, Object> score(EpochsData data, List<Integer> eval, float[][] probs, int k, List<Double> lengths,
                                     double window, double hop) throws TaskFailure {
        long right = 0;
        long[][] confusion = new long[k][k];
        long[] perClass = new long[k];
        long[] perClassRight = new long[k];
        Map<String, List<Integer>> windows = new TreeMap<>((a, b) -> {
            try {
                return Long.compare(Long.parseLong(a), Long.parseLong(b));
            } catch (NumberFormatException e) {
                return a.compareTo(b);
            }
        });
        for (int i = 0; i < eval.size(); i++) {
            EpochsData.Row r = data.rows().get(eval.get(i));
            int pred = argmax(probs[i]);
            confusion[r.label()][pred]++;
            perClass[r.label()]++;
            if (pred == r.label()) {
                right++;
                perClassRight[r.label()]++;
            }
            if (!r.window().isEmpty()) {
                windows.computeIfAbsent(r.window(), w -> new ArrayList<>()).add(i);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "metrics");
        m.put("classes", data.classes());
        m.put("chance", 1.0 / k);
        m.put("n_crops", eval.size());
        m.put("n_windows", windows.size());
        m.put("accuracy_3s", right / (double) eval.size());
        Map<String, Object> byLength = new LinkedHashMap<>();
        if (!windows.isEmpty()) {
            long firstRight = 0;
            for (List<Integer> crops : windows.values()) {
                int i = crops.get(0);
                if (argmax(probs[i]) == data.rows().get(eval.get(i)).label()) {
                    firstRight++;
                }
            }
            m.put("accuracy_3s_first_crop", firstRight / (double) windows.size());
            for (double len : lengths) {
                int need = (int) Math.round((len - window) / hop) + 1;
                if (need < 1) {
                    throw new TaskFailure(String.format(Locale.ROOT, "length %.3g s is shorter than the %.3g-s crops", len, window));
                }
                Map<String, Object> accs = new LinkedHashMap<>();
                for (String how : ModelEvaluate.AGGREGATIONS) {
                    long ok = 0;
                    long used = 0;
                    for (List<Integer> crops : windows.values()) {
                        if (crops.size() < need) {
                            continue;
                        }
                        List<float[]> ps = new ArrayList<>();
                        for (int j = 0; j < need; j++) {
                            ps.add(probs[crops.get(j)]);
                        }
                        used++;
                        if (aggregate(ps, how) == data.rows().get(eval.get(crops.get(0))).label()) {
                            ok++;
                        }
                    }
                    if (used == 0) {
                        throw new TaskFailure(String.format(Locale.ROOT, "length %.3g s needs %d crops per window but the windows "
                                + "have fewer (eval_window of eeg.epoch too short?)", len, need));
                    }
                    accs.put(how, ok / (double) used);
                }
                accs.put("crops", need);
                byLength.put(len == Math.rint(len) ? Long.toString((long) len) : Double.toString(len), accs);
            }
        }
        m.put("accuracy_by_length", byLength);
        Map<String, Object> pc = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            pc.put(data.classes().get(c), perClass[c] == 0 ? null : perClassRight[c] / (double) perClass[c]);
        }
        m.put("per_class_accuracy", pc);
        List<List<Long>> conf = new ArrayList<>();
        for (long[] row : confusion) {
            List<Long> r = new ArrayList<>();
            for (long v : row) {
                r.add(v);
            }
            conf.add(r);
        }
        m.put("confusion", conf);
        return m;
    }

    /** accuracy.tsv, per_class.tsv, confusion.tsv and predictions.tsv. */
    @SuppressWarnings("unchecked")
    static void tables(Map<String, Object> m, EpochsData data, List<Integer> eval, float[][] probs, List<String> classes,
                       Path out) throws IOException {
        Table.Builder acc = new Table.Builder("length_s", "aggregation", "crops", "accuracy");
        acc.add(3, "crop", 1, fmt((Double) m.get("accuracy_3s")));
        ((Map<String, Object>) m.get("accuracy_by_length")).forEach((len, v) -> {
            Map<String, Object> a = (Map<String, Object>) v;
            for (String how : ModelEvaluate.AGGREGATIONS) {
                acc.add(len, how, a.get("crops"), fmt((Double) a.get(how)));
            }
        });
        acc.build().write(out.resolve("accuracy.tsv"));
        Table.Builder pc = new Table.Builder("stimulus", "label", "accuracy");
        Map<String, Object> perClass = (Map<String, Object>) m.get("per_class_accuracy");
        for (int c = 0; c < classes.size(); c++) {
            Object v = perClass.get(classes.get(c));
            pc.add(classes.get(c), c, v == null ? null : fmt((Double) v));
        }
        pc.build().write(out.resolve("per_class.tsv"));
        List<String> cols = new ArrayList<>();
        cols.add("true\\predicted");
        cols.addAll(classes);
        Table.Builder cf = new Table.Builder(cols);
        List<List<Long>> conf = (List<List<Long>>) m.get("confusion");
        for (int c = 0; c < classes.size(); c++) {
            Object[] row = new Object[classes.size() + 1];
            row[0] = classes.get(c);
            for (int j = 0; j < classes.size(); j++) {
                row[j + 1] = conf.get(c).get(j);
            }
            cf.add(row);
        }
        cf.build().write(out.resolve("confusion.tsv"));
        Table.Builder pr = new Table.Builder("epoch", "subject", "stimulus", "window", "label", "predicted", "probability");
        for (int i = 0; i < eval.size(); i++) {
            EpochsData.Row r = data.rows().get(eval.get(i));
            int p = argmax(probs[i]);
            pr.add(r.epoch(), r.subject(), r.stimulus(), r.window().isEmpty() ? null : r.window(), r.label(), p,
                    String.format(Locale.ROOT, "%.4f", probs[i][p]));
        }
        pr.build().write(out.resolve("predictions.tsv"));
    }

    static String fmt(Double v) {
        return v == null ? null : String.format(Locale.ROOT, "%.4f", v);
    }
}
