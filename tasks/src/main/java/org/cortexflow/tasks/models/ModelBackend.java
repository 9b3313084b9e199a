package org.cortexflow.tasks.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.cortexflow.tasks.artifact.FileFormatError;

/**
 * Where networks run: the narrow seam between the model tasks and a tensor engine. The tasks only
 * build, train, run, save and load {@link Network}s through it, so a CUDA build of the same engine or
 * another engine can take its place.
 */
public interface ModelBackend {

    /** A name for logs and meta.json, such as {@code nd4j-cpu}. */
    String name();

    /** Whether this backend computes on a GPU. */
    boolean gpu();

    /**
     * Limits this backend's compute threads for work started from the calling thread and binds it to
     * one of the granted GPU devices (when it has a GPU); call at the start of a task.
     *
     * @param cpus the task's thread budget
     * @param gpus device ids granted to the task, empty on CPU
     * @return what was set, for the task log
     */
    String bind(int cpus, List<String> gpus);

    /** A new network with seeded initial weights and an Adam optimizer. */
    Network create(NetworkSpec spec, Optimizer optimizer, long seed);

    /** A network saved by {@link Network#save}. */
    Network load(NetworkSpec spec, Optimizer optimizer, Path file) throws IOException, FileFormatError;

    /** Adam hyperparameters (PyTorch's defaults besides the learning rate). */
    record Optimizer(double learningRate, double beta1, double beta2, double epsilon) {

        public static Optimizer adam(double learningRate) {
            return new Optimizer(learningRate, 0.9, 0.999, 1e-8);
        }
    }
}
