package org.cortexflow.tasks.models.nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.models.ModelBackend;
import org.cortexflow.tasks.models.Network;
import org.cortexflow.tasks.models.NetworkSpec;

/** Networks on ND4J: nd4j-native (oneDNN build) on CPU, or nd4j-cuda when built with {@code -Pcuda}. */
public final class Nd4jBackend implements ModelBackend {

    @Override
    public String name() {
        return Nd4jRuntime.cuda() ? "nd4j-cuda" : "nd4j-cpu";
    }

    @Override
    public boolean gpu() {
        return Nd4jRuntime.cuda();
    }

    @Override
    public String bind(int cpus, List<String> gpus) {
        return Nd4jRuntime.threads(cpus) + ", " + Nd4jRuntime.device(gpus);
    }

    @Override
    public Network create(NetworkSpec spec, Optimizer optimizer, long seed) {
        return new Nd4jNetwork(spec, optimizer, seed);
    }

    @Override
    public Network load(NetworkSpec spec, Optimizer optimizer, Path file) throws IOException, FileFormatError {
        Nd4jNetwork n = new Nd4jNetwork(spec, optimizer, 0);
        n.load(file);
        return n;
    }
}
