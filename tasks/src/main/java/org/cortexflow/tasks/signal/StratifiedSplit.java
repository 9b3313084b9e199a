package org.cortexflow.tasks.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.cortexflow.engine.spi.TaskFailure;

/**
 * A stratified train/test split; matches sklearn.model_selection.train_test_split(test_size=...,
 * stratify=y, random_state=seed) (StratifiedShuffleSplit with numpy's RandomState), so the same
 * rows in the same order give the same split as the Python code that uses it.
 */
public final class StratifiedSplit {

    private StratifiedSplit() {
    }

    /**
     * @param labels the stratum of each row, as non-negative integers (classes are their sorted distinct values)
     * @param testSize fraction of rows in the test set, in (0, 1)
     * @return for each row, whether it is in the test set
     */
    public static boolean[] testMask(int[] labels, double testSize, long seed) throws TaskFailure {
        int n = labels.length;
        if (!(testSize > 0 && testSize < 1)) {
            throw new TaskFailure("test_size must be in (0, 1), got " + testSize);
        }
        int nTest = (int) Math.ceil(testSize * n);
        int nTrain = n - nTest;
        if (nTrain <= 0) {
            throw new TaskFailure("with " + n + " rows and test_size " + testSize + " the training set would be empty");
        }
        int[] classes = new TreeSet<>(Arrays.stream(labels).boxed().toList()).stream().mapToInt(Integer::intValue).toArray();
        int k = classes.length;
        int[] counts = new int[k];
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            int c = Arrays.binarySearch(classes, labels[i]);
            counts[c]++;
            members.get(c).add(i); // ascending row order = numpy's stable argsort
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] < 2) {
                throw new TaskFailure("stratified split: class " + classes[c] + " has only " + counts[c]
                        + " row; every class needs at least 2");
            }
        }
        if (nTrain < k || nTest < k) {
            throw new TaskFailure("stratified split: " + nTrain + " train and " + nTest + " test rows cannot hold all "
                    + k + " classes; change test_size or add data");
        }
        NumpyRandomState rng = new NumpyRandomState(seed);
        int[] trainPer = approximateMode(counts, nTrain, rng);
        int[] remaining = new int[k];
        for (int c = 0; c < k; c++) {
            remaining[c] = counts[c] - trainPer[c];
        }
        int[] testPer = approximateMode(remaining, nTest, rng);
        boolean[] test = new boolean[n];
        for (int c = 0; c < k; c++) {
            int[] perm = rng.permutation(counts[c]);
            for (int j = trainPer[c]; j < trainPer[c] + testPer[c]; j++) {
                test[members.get(c).get(perm[j])] = true;
            }
        }
        return test;
    }

    /** sklearn.utils._approximate_mode: per-class draws that add up to {@code draws}, ties broken at random. */
    static int[] approximateMode(int[] counts, int draws, NumpyRandomState rng) {
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        int k = counts.length;
        double[] continuous = new double[k];
        double[] floored = new double[k];
        double sum = 0;
        for (int c = 0; c < k; c++) {
            continuous[c] = (double) counts[c] / (double) total * draws;
            floored[c] = Math.floor(continuous[c]);
            sum += floored[c];
        }
        int need = (int) (draws - sum);
        if (need > 0) {
            double[] remainder = new double[k];
            for (int c = 0; c < k; c++) {
                remainder[c] = continuous[c] - floored[c];
            }
            double[] values = Arrays.stream(remainder).distinct().sorted().toArray();
            for (int v = values.length - 1; v >= 0 && need > 0; v--) {
                double value = values[v];
                int[] inds = java.util.stream.IntStream.range(0, k).filter(c -> remainder[c] == value).toArray();
                int now = Math.min(inds.length, need);
                for (int c : rng.choiceWithoutReplacement(inds, now)) {
                    floored[c] += 1;
                }
                need -= now;
            }
        }
        int[] out = new int[k];
        for (int c = 0; c < k; c++) {
            out[c] = (int) floored[c];
        }
        return out;
    }
}
