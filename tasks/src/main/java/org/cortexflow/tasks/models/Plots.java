package org.cortexflow.tasks.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/** PNG plots of the model tasks with XChart, rendered headless (no display needed). */
final class Plots {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /** Training (and validation) loss and accuracy per epoch, from a model's meta.json curve. */
    static void learningCurves(Map<String, Object> modelMeta, Path file) throws IOException {
        if (!(modelMeta.get("curve") instanceof List<?> curve) || curve.isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Learning curves").xAxisTitle("epoch")
                .yAxisTitle("loss / accuracy").build();
        for (String key : List.of("train_loss", "train_accuracy", "validation_loss", "validation_accuracy", "teacher_train_accuracy")) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Object o : curve) {
                Map<?, ?> row = (Map<?, ?>) o;
                if (row.get(key) instanceof Number v) {
                    x.add(((Number) row.get("epoch")).doubleValue());
                    y.add(v.doubleValue());
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(key.replace('_', ' '), x, y);
            }
        }
        save(chart, file);
    }

    /** The confusion matrix of the 3-s crops (rows: true song, columns: predicted). */
    @SuppressWarnings("unchecked")
    static void confusion(Map<String, Object> metrics, List<String> classes, Path file) throws IOException {
        List<List<Long>> conf = (List<List<Long>>) metrics.get("confusion");
        HeatMapChart chart = new HeatMapChartBuilder().width(700).height(600).title("Confusion matrix (3-s crops)")
                .xAxisTitle("predicted").yAxisTitle("true").build();
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < classes.size(); t++) {
            for (int p = 0; p < classes.size(); p++) {
                cells.add(new Number[] {p, t, conf.get(t).get(p)});
            }
        }
        chart.getStyler().setShowValue(true);
        chart.addSeries("crops", classes, classes, cells);
        save(chart, file);
    }

    /** Accuracy per evaluation length and aggregation. */
    @SuppressWarnings("unchecked")
    static void accuracyByLength(Map<String, Object> metrics, Path file) throws IOException {
        Map<String, Object> byLength = (Map<String, Object>) metrics.get("accuracy_by_length");
        if (byLength == null || byLength.isEmpty()) {
            return;
        }
        CategoryChart chart = new CategoryChartBuilder().width(800).height(500).title("Accuracy by evaluation length")
                .xAxisTitle("length (s)").yAxisTitle("accuracy").build();
        List<String> lengths = new ArrayList<>(byLength.keySet());
        for (String how : ModelEvaluate.AGGREGATIONS) {
            List<Double> acc = new ArrayList<>();
            for (String len : lengths) {
                acc.add(((Number) ((Map<String, Object>) byLength.get(len)).get(how)).doubleValue());
            }
            chart.addSeries(how, lengths, acc);
        }
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        save(chart, file);
    }

    /** Bars with error bars: one group per label. */
    static void bars(String title, String yTitle, List<String> labels, List<Double> means, List<Double> sds, Path file)
            throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(500).title(title).yAxisTitle(yTitle).build();
        chart.addSeries(yTitle, labels, means, sds);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setLegendVisible(false);
        save(chart, file);
    }

    private static void save(Chart<?, ?> chart, Path file) throws IOException {
        String name = file.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                BitmapEncoder.BitmapFormat.PNG);
    }
}
