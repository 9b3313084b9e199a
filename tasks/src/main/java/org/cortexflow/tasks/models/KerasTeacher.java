package org.cortexflow.tasks.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.spi.TaskFailure;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A teacher network from a Keras 2 HDF5 file ({@code model.save(..., save_format="h5")}), imported
 * with DL4J's Keras import (deeplearning4j-modelimport 1.0.0-M2.1): the activations of a named
 * layer for each epoch's input, flattened to a row. Sequential models become a MultiLayerNetwork,
 * functional ones a ComputationGraph. The network takes the input source's values as one flat
 * vector per epoch ([n, height x width]), which suits models whose first layer is Dense.
 */
final class KerasTeacher implements InputSource, AutoCloseable {

    private final InputSource input;
    private final MultiLayerNetwork sequential;
    private final ComputationGraph graph;
    private final String layer;
    private final int layerIndex;
    private final int dim;
    private final List<String> layers;
    private final int chunk = 64;
    private float[] cache;
    private int first = -1;
    private final int total;

    private KerasTeacher(InputSource input, MultiLayerNetwork sequential, ComputationGraph graph, String layer,
                         int layerIndex, int dim, List<String> layers, int total) {
        this.input = input;
        this.sequential = sequential;
        this.graph = graph;
        this.layer = layer;
        this.layerIndex = layerIndex;
        this.dim = dim;
        this.layers = layers;
        this.total = total;
    }

    /** Imports {@code file} and checks that it has {@code layer} and takes inputs of the source's size. */
    static KerasTeacher open(Path file, String layer, InputSource input, int total) throws TaskFailure, IOException {
        if (!Files.isRegularFile(file)) {
            throw new TaskFailure("no Keras model file " + file);
        }
        MultiLayerNetwork seq = null;
        ComputationGraph cg = null;
        String why;
        try {
            seq = KerasModelImport.importKerasSequentialModelAndWeights(file.toString(), false);
            why = "";
        } catch (InvalidKerasConfigurationException | UnsupportedKerasConfigurationException | RuntimeException e) {
            why = e.getMessage();
        }
        if (seq == null) {
            try {
                cg = KerasModelImport.importKerasModelAndWeights(file.toString(), false);
            } catch (InvalidKerasConfigurationException | UnsupportedKerasConfigurationException | RuntimeException e) {
                throw new TaskFailure("cannot import " + file + " as a Keras 2 HDF5 model: " + e.getMessage()
                        + (why.isEmpty() ? "" : " (as a Sequential model: " + why + ")")
                        + "\n  hint: save it with Keras 2 model.save(path, save_format='h5'); DL4J 1.0.0-M2.1 imports the Keras 2 layer set");
            }
        }
        List<String> names = new ArrayList<>();
        if (seq != null) {
            for (org.deeplearning4j.nn.api.Layer l : seq.getLayers()) {
                Layer conf = l.conf().getLayer();
                names.add(conf.getLayerName());
            }
        } else {
            for (String n : cg.getConfiguration().getVertices().keySet()) {
                names.add(n);
            }
        }
        int index = names.indexOf(layer);
        if (index < 0) {
            throw new TaskFailure("the Keras model " + file.getFileName() + " has no layer '" + layer + "'; its layers: "
                    + String.join(", ", names));
        }
        long expected = seq != null ? seq.layerInputSize(0) : -1;
        long given = (long) input.height() * input.width();
        if (seq != null && expected > 0 && expected != given) {
            throw new TaskFailure("the Keras model takes " + expected + " input values, the teacher input gives " + given
                    + " (" + input.height() + " x " + input.width() + ")\n  hint: choose 'input' (mel-stats, log-mel, waveform) and "
                    + "mel_bands to match the model");
        }
        KerasTeacher t = new KerasTeacher(input, seq, cg, layer, index, 0, names, total);
        float[] probe = new float[(int) given];
        input.fill(0, probe, 0);
        int d = (int) t.activations(Nd4j.create(probe, new long[] {1, given}, 'c')).length();
        return new KerasTeacher(input, seq, cg, layer, index, d, names, total);
    }

    private INDArray activations(INDArray x) {
        if (sequential != null) {
            List<INDArray> acts = sequential.feedForward(x, false);
            return acts.get(layerIndex + 1); // 0 is the input
        }
        Map<String, INDArray> acts = graph.feedForward(x, false);
        return acts.get(layer);
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "keras-h5");
        m.put("model", sequential != null ? "sequential" : "functional");
        m.put("layers", layers);
        m.put("parameters", sequential != null ? sequential.numParams() : graph.numParams());
        return m;
    }

    @Override
    public int height() {
        return 1;
    }

    @Override
    public int width() {
        return dim;
    }

    /** Rows are asked for in order; computes 64 epochs at a time. */
    @Override
    public void fill(int epoch, float[] dst, int off) throws IOException {
        if (first < 0 || epoch < first || epoch >= first + chunk) {
            int n = Math.min(chunk, total - epoch);
            int size = input.height() * input.width();
            float[] x = new float[n * size];
            for (int i = 0; i < n; i++) {
                input.fill(epoch + i, x, i * size);
            }
            INDArray a = activations(Nd4j.create(x, new long[] {n, size}, 'c'));
            cache = a.reshape('c', n, a.length() / n).dup().data().asFloat();
            first = epoch;
        }
        System.arraycopy(cache, (epoch - first) * dim, dst, off, dim);
    }

    @Override
    public void close() {
        // the imported network's arrays are released with it
    }
}
