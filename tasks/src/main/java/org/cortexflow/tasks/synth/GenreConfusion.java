package org.cortexflow.tasks.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.Table;

/**
 * How simulated listeners label genres: row g of the matrix is the distribution of the answer
 * when the true genre is g. The default is easy for classical and confuses rock, reggae and
 * country with one another (and blues with jazz, pop with disco, rock with metal).
 */
public record GenreConfusion(List<String> genres, double[][] matrix) {

    /** Per-genre accuracy of the default matrix, in GTZAN's genre order. */
    private static final double[] ACCURACY = {0.70, 0.95, 0.55, 0.75, 0.85, 0.80, 0.85, 0.75, 0.55, 0.50};

    /** The default matrix: accuracy on the diagonal, errors spread by affinity between genres. */
    public static GenreConfusion standard() {
        List<String> g = MusicStyle.GENRES;
        int n = g.size();
        double[][] affinity = new double[n][n];
        for (double[] row : affinity) {
            java.util.Arrays.fill(row, 1);
        }
        affine(affinity, "rock", "country", 8);
        affine(affinity, "rock", "reggae", 7);
        affine(affinity, "country", "reggae", 7);
        affine(affinity, "rock", "metal", 4);
        affine(affinity, "blues", "jazz", 5);
        affine(affinity, "pop", "disco", 5);
        affine(affinity, "pop", "rock", 3);
        affine(affinity, "hiphop", "reggae", 2);
        affine(affinity, "blues", "rock", 2);
        affine(affinity, "blues", "country", 2);
        affine(affinity, "disco", "hiphop", 2);
        affine(affinity, "classical", "jazz", 3);
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += i == j ? 0 : affinity[i][j];
            }
            for (int j = 0; j < n; j++) {
                m[i][j] = i == j ? ACCURACY[i] : (1 - ACCURACY[i]) * affinity[i][j] / sum;
            }
        }
        return new GenreConfusion(g, m);
    }

    private static void affine(double[][] a, String x, String y, double w) {
        int i = MusicStyle.GENRES.indexOf(x);
        int j = MusicStyle.GENRES.indexOf(y);
        a[i][j] = w;
        a[j][i] = w;
    }

    /**
     * Reads a matrix from a TSV file: a header {@code genre} followed by the answer genres, then
     * one row per true genre. Rows are normalised to sum to 1.
     */
    public static GenreConfusion read(Path file) throws IOException, FileFormatError {
        if (Files.isDirectory(file)) {
            file = file.resolve("confusion.tsv");
        }
        Table t = Table.read(file);
        List<String> answers = t.columns().subList(1, t.columns().size());
        if (!answers.containsAll(MusicStyle.GENRES) || answers.size() != MusicStyle.GENRES.size()) {
            throw new FileFormatError(file, 0, "header", "columns must be 'genre' and the ten genres " + MusicStyle.GENRES
                    + ", found " + t.columns());
        }
        int n = answers.size();
        double[][] m = new double[n][n];
        List<String> seen = new ArrayList<>();
        for (int r = 0; r < t.size(); r++) {
            String truth = t.rows().get(r).get(0);
            int i = MusicStyle.GENRES.indexOf(truth);
            if (i < 0 || seen.contains(truth)) {
                throw new FileFormatError(file, -1, "row " + (r + 2), "'" + truth + "' is not a genre or appears twice");
            }
            seen.add(truth);
            double sum = 0;
            for (int c = 0; c < n; c++) {
                double v;
                try {
                    v = Double.parseDouble(t.rows().get(r).get(c + 1));
                } catch (NumberFormatException e) {
                    throw new FileFormatError(file, -1, "row " + (r + 2), "not a number: " + t.rows().get(r).get(c + 1));
                }
                if (!(v >= 0)) {
                    throw new FileFormatError(file, -1, "row " + (r + 2), "probabilities must be >= 0, got " + v);
                }
                m[i][MusicStyle.GENRES.indexOf(answers.get(c))] = v;
                sum += v;
            }
            if (!(sum > 0)) {
                throw new FileFormatError(file, -1, "row " + (r + 2), "the row sums to 0");
            }
            for (int c = 0; c < n; c++) {
                m[i][c] /= sum;
            }
        }
        if (seen.size() != n) {
            throw new FileFormatError(file, -1, "rows", "one row per genre is needed, found " + seen);
        }
        return new GenreConfusion(MusicStyle.GENRES, m);
    }

    /** A listener's answer for a clip of genre {@code truth}. */
    public String answer(String truth, SplittableRandom r) {
        double[] row = matrix[genres.indexOf(truth)];
        double u = r.nextDouble();
        double acc = 0;
        for (int j = 0; j < row.length; j++) {
            acc += row[j];
            if (u < acc) {
                return genres.get(j);
            }
        }
        return genres.get(row.length - 1);
    }

    /** Writes the matrix as the TSV {@link #read} accepts. */
    public void write(Path file) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < genres.size(); i++) {
            List<Object> r = new ArrayList<>();
            r.add(genres.get(i));
            for (double v : matrix[i]) {
                r.add(StudyFiles.number(v));
            }
            rows.add(r);
        }
        List<String> header = new ArrayList<>();
        header.add("genre");
        header.addAll(genres);
        StudyFiles.tsv(file, header, rows, false);
    }
}
