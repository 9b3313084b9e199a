package org.cortexflow.tasks.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;
import org.cortexflow.tasks.artifact.ItemIndex;
import org.cortexflow.tasks.io.nifti.BoldWriter;
import org.cortexflow.tasks.io.nifti.NiftiImage;

/**
 * Reads NIfTI-1/2 images ({@code .nii}, {@code .nii.gz}) into fmri artifacts, streaming the voxels;
 * a directory becomes a set (runs.tsv), a BIDS root pairs each {@code *_bold.nii[.gz]} with its
 * events and sidecar.
 */
public final class FmriRead implements TaskType {

    private static final List<PortSpec> INPUTS = List.of(ReadSource.FROM);

    private static final List<ParamSpec> PARAMS = List.of(
            ReadSource.path("a NIfTI image (.nii, .nii.gz, or .hdr with its .img), a directory of images, or a BIDS dataset root"),
            ReadSource.WITHIN,
            ParamSpec.optional("mask", ParamType.PATH, "",
                    "a 3-D NIfTI mask on the same voxel grid: keep voxels where it is non-zero and write timeseries.npy "
                            + "[volumes, voxels] + voxels.tsv instead of bold.npy; empty keeps the whole volume"),
            ParamSpec.optional("tr", ParamType.FLOAT, 0.0,
                    "repetition time to use instead of the sidecar's RepetitionTime or the header's pixdim[4]; 0 = from the data")
                    .unit("s").atLeast(0),
            ParamSpec.optional("subject", ParamType.STRING, "", "BIDS: read only this subject (label without 'sub-'); empty = all"),
            ParamSpec.optional("task", ParamType.STRING, "", "BIDS: read only this task (label without 'task-'); empty = all"));

    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("fmri", ArtifactKind.FMRI,
            "bold.npy float32 (x, y, z, t) Fortran order (or timeseries.npy + voxels.tsv with a mask), meta.json; "
                    + "a set with runs.tsv for a directory"));

    @Override
    public String name() {
        return "fmri.read";
    }

    @Override
    public String version() {
        return "2"; // 2: meta.json names a file read from input `from` by its place in it, not the store's path
    }

    @Override
    public String summary() {
        return "Read NIfTI-1/2 fMRI images (.nii, .nii.gz, BIDS func) into fmri artifacts, streamed";
    }

    @Override
    public List<PortSpec> inputs() {
        return INPUTS;
    }

    @Override
    public List<PortSpec> outputs() {
        return OUTPUTS;
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
        Path path = ReadSource.resolve(ctx);
        String maskParam = ctx.string("mask");
        Optional<Path> mask = maskParam.isEmpty() ? Optional.empty() : Optional.of(Path.of(maskParam));
        double tr = ctx.real("tr");
        Path out = ctx.output("fmri");
        if (!Files.isDirectory(path)) {
            Map<String, Object> meta = readOne(path, Optional.empty(), mask, tr, out, Map.of(), ReadSource.recorded(ctx, path));
            logWarnings(ctx, path, meta);
            return;
        }
        List<Run> runs = FmriRuns.find(path, ctx.string("subject"), ctx.string("task"), ctx.log());
        if (runs.isEmpty()) {
            throw new TaskFailure("no NIfTI images (*.nii, *.nii.gz) found in " + path
                    + (ctx.string("subject").isEmpty() && ctx.string("task").isEmpty() ? "" : " for the subject/task filter"));
        }
        List<ItemIndex.Item> items = new ArrayList<>();
        for (Run r : runs) {
            if (ctx.cancelled()) {
                throw new TaskFailure("cancelled");
            }
            Path dir = Files.createDirectories(out.resolve(r.id()));
            Map<String, Object> meta = readOne(r.image(), r.repetitionTime(), mask, tr, dir, r.entities(),
                    ReadSource.recorded(ctx, r.image()));
            if (r.events().isPresent()) {
                FmriRuns.copyEvents(r.events().get(), dir.resolve("events.tsv"), ctx.log());
            }
            logWarnings(ctx, r.image(), meta);
            Map<String, String> fields = new LinkedHashMap<>(r.entities());
            fields.put("tr", meta.get("tr") == null ? null : String.valueOf(meta.get("tr")));
            fields.put("n_volumes", String.valueOf(meta.get("n_volumes")));
            fields.put("source", path.relativize(r.image()).toString());
            items.add(new ItemIndex.Item(r.id(), dir, fields));
        }
        ItemIndex.write(out, ItemIndex.RUNS, List.of("subject", "session", "task", "run", "tr", "n_volumes", "source"), items);
    }

    /** One run of a set: its image, its BIDS entities, its events and sidecar TR where found. */
    record Run(String id, Path image, Map<String, String> entities, Optional<Path> events, Optional<Double> repetitionTime) {
    }

    private static Map<String, Object> readOne(Path image, Optional<Double> sidecarTr, Optional<Path> mask, double tr,
                                               Path dir, Map<String, String> entities, String source) throws Exception {
        try (NiftiImage img = NiftiImage.open(image)) {
            BoldWriter.RepetitionTime rt = BoldWriter.repetitionTime(img.header(), sidecarTr, tr);
            Map<String, Object> extra = new LinkedHashMap<>(entities);
            extra.put("source", source);
            return BoldWriter.write(img, mask, rt, dir, extra);
        }
    }

    @SuppressWarnings("unchecked")
    private static void logWarnings(TaskContext ctx, Path file, Map<String, Object> meta) {
        for (String w : (List<String>) meta.getOrDefault("warnings", List.of())) {
            ctx.log().println("warning: " + file + ": " + w);
        }
    }

    static Stream<Path> images(Path dir) throws IOException {
        return Files.walk(dir).filter(Files::isRegularFile).filter(p -> {
            String n = p.getFileName().toString();
            return n.endsWith(".nii") || n.endsWith(".nii.gz");
        }).sorted();
    }
}
