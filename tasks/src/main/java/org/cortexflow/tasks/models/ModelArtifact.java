package org.cortexflow.tasks.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.MetaJson;

/**
 * A model artifact (student.train): {@code model.npz} with every parameter and batch-norm
 * statistic under PyTorch-like names (numpy.load reads it), {@code meta.json} with the network, the
 * input layout, the classes, hyperparameters and the training curve, {@code curve.tsv}; in joint
 * mode also {@code teacher.npz}.
 */
public record ModelArtifact(Path dir, NetworkSpec spec, List<String> classes, int inputWidth, Map<String, Object> meta) {

    public static final String WEIGHTS = "model.npz";
    public static final String TEACHER_WEIGHTS = "teacher.npz";

    public static ModelArtifact open(Path dir) throws IOException, FileFormatError {
        Map<String, Object> meta = MetaJson.read(dir);
        Path metaFile = dir.resolve(MetaJson.FILE);
        if (!"model".equals(meta.get("kind"))) {
            throw new FileFormatError(metaFile, -1, "kind", "expected a model artifact, found kind '" + meta.get("kind") + "'",
                    "bind the output of student.train");
        }
        if (!Files.isRegularFile(dir.resolve(WEIGHTS))) {
            throw new FileFormatError(dir.resolve(WEIGHTS), -1, "", "missing " + WEIGHTS);
        }
        NetworkSpec spec;
        try {
            spec = NetworkSpec.fromJson((Map<?, ?>) meta.get("network"));
        } catch (RuntimeException e) {
            throw new FileFormatError(metaFile, -1, "network", "unreadable network description: " + e.getMessage());
        }
        List<String> classes = new ArrayList<>();
        if (meta.get("classes") instanceof List<?> l) {
            l.forEach(c -> classes.add(String.valueOf(c)));
        }
        int width = meta.get("input") instanceof Map<?, ?> in && in.get("width") instanceof Number w ? w.intValue() : spec.width();
        return new ModelArtifact(dir, spec, List.copyOf(classes), width, meta);
    }

    /** The trained network (inference). */
    public Network load(ModelBackend backend) throws IOException, FileFormatError {
        return backend.load(spec, ModelBackend.Optimizer.adam(1e-3), dir.resolve(WEIGHTS));
    }
}
