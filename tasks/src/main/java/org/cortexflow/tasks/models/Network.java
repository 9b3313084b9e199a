package org.cortexflow.tasks.models;

import java.io.IOException;
import java.nio.file.Path;
import org.cortexflow.tasks.artifact.FileFormatError;

/**
 * A two-headed network on one backend. Inputs are {@code n} images of the spec's height x width in
 * row-major order; outputs are the classifier's logits and the representation z. The loss is not
 * the network's business: {@link #trainStep} hands the outputs to a {@link LossFunction}, which
 * returns the gradients to back-propagate, so that losses are written once for every backend.
 */
public interface Network extends AutoCloseable {

    NetworkSpec spec();

    long parameterCount();

    /** Outputs of a forward pass, row-major: logits [n, classes], representation [n, representation]. */
    record Outputs(int n, float[] logits, float[] representation) {
    }

    /** The loss of one batch and its gradients with respect to both outputs (already divided as the loss is). */
    record LossGradient(double loss, float[] dLogits, float[] dRepresentation) {
    }

    @FunctionalInterface
    interface LossFunction {
        LossGradient apply(Outputs outputs);
    }

    /**
     * One optimisation step in training mode (batch statistics, dropout): forward, the loss, backward,
     * an Adam update. Returns the training-mode outputs (the teacher's z in joint training).
     *
     * @param step the global step number from 0; seeds this step's dropout, so a resumed run repeats it
     */
    Outputs trainStep(float[] inputs, int n, long step, LossFunction loss);

    /** Inference mode: running batch-norm statistics, no dropout. */
    Outputs predict(float[] inputs, int n);

    /** Writes parameters and batch-norm statistics (a NumPy .npz archive). */
    void save(Path file) throws IOException;

    /** Replaces parameters and batch-norm statistics with those {@link #save} wrote (same spec). */
    void load(Path file) throws IOException, FileFormatError;

    /** Writes the optimizer state, for resuming. */
    void saveOptimizer(Path file) throws IOException;

    /** Restores what {@link #saveOptimizer} wrote. */
    void loadOptimizer(Path file) throws IOException, FileFormatError;

    /** Every parameter, flattened, in a fixed order (for determinism checks). */
    float[] parameters();

    @Override
    void close();
}
