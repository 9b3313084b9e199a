package org.cortexflow.tasks.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.io.audio.AudioFiles;
import org.cortexflow.tasks.io.audio.AudioSource;
import org.cortexflow.tasks.io.nifti.BoldWriter;
import org.cortexflow.tasks.io.nifti.NiftiHeader;
import org.cortexflow.tasks.io.nifti.NiftiImage;
import org.cortexflow.tasks.io.table.TableReader;

/**
 * What {@code cortexflow inspect} says of NIfTI images, audio files and tables: a summary map
 * (for {@code --json}) and its human form. NIfTI reads only the header; audio decodes the file
 * when its header does not give the length.
 */
public final class MediaInspector {

    private MediaInspector() {
    }

    /** Whether this inspector reads {@code file} (by its name). */
    public static boolean handles(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".nii") || n.endsWith(".nii.gz") || n.endsWith(".hdr") || AudioFiles.looksLikeAudio(file)
                || n.endsWith(".tsv") || n.endsWith(".csv");
    }

    /** The summary of {@code file}, or empty when it is none of our formats. */
    public static Optional<Map<String, Object>> inspect(Path file) throws IOException, FileFormatError {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".nii") || n.endsWith(".nii.gz") || n.endsWith(".hdr")) {
            return Optional.of(nifti(file));
        }
        if (AudioFiles.looksLikeAudio(file)) {
            return Optional.of(audio(file));
        }
        if (n.endsWith(".tsv") || n.endsWith(".csv")) {
            return Optional.of(table(file));
        }
        return Optional.empty();
    }

    static Map<String, Object> nifti(Path file) throws IOException, FileFormatError {
        Map<String, Object> m = new LinkedHashMap<>();
        try (NiftiImage img = NiftiImage.open(file)) {
            NiftiHeader h = img.header();
            BoldWriter.RepetitionTime tr = BoldWriter.repetitionTime(h, Optional.empty(), 0);
            m.put("file", file.toString());
            m.put("format", "NIfTI-" + h.version() + (img.compressed() ? " (gzip)" : "") + (h.singleFile() ? "" : " pair"));
            m.put("dims", Arrays.stream(h.shape()).boxed().toList());
            m.put("voxel_size", Arrays.stream(h.voxelSize()).boxed().toList());
            m.put("space_unit", h.spaceUnit());
            m.put("tr_s", tr.seconds().orElse(null));
            m.put("datatype", h.datatype().label());
            m.put("byte_order", h.order().toString().equals("BIG_ENDIAN") ? "big" : "little");
            m.put("scl_slope", h.scaled() ? h.slope() : null);
            m.put("scl_inter", h.scaled() ? h.inter() : null);
            m.put("qform_code", h.qformCode());
            m.put("sform_code", h.sformCode());
            m.put("descrip", h.descrip());
            m.put("warnings", tr.warnings());
        }
        return m;
    }

    static Map<String, Object> audio(Path file) throws IOException, FileFormatError {
        Map<String, Object> m = new LinkedHashMap<>();
        try (AudioSource src = AudioFiles.open(file)) {
            long frames = src.declaredFrames();
            if (frames < 0) {
                float[][] block = new float[src.channels()][1 << 14];
                frames = 0;
                int n;
                while ((n = src.read(block, 1 << 14)) > 0) {
                    frames += n;
                }
            }
            m.put("file", file.toString());
            m.put("format", src.format());
            m.put("sample_rate", src.sampleRate());
            m.put("channels", src.channels());
            m.put("frames", frames);
            m.put("duration_s", frames / src.sampleRate());
            m.putAll(src.details());
        }
        return m;
    }

    static Map<String, Object> table(Path file) throws IOException, FileFormatError {
        TableReader.Result r = TableReader.read(file);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("format", "table");
        m.put("rows", r.table().size());
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < r.table().columns().size(); i++) {
            cols.add(r.table().columns().get(i) + " (" + r.types().get(i).label() + ")");
        }
        m.put("columns", cols);
        m.put("warnings", r.warnings());
        return m;
    }

    /** The summary as a few human lines. */
    public static String text(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> {
            if (v instanceof List<?> l && l.isEmpty() || v == null || k.equals("file")) {
                return;
            }
            sb.append(String.format(Locale.ROOT, "  %-12s %s%n", k.replace('_', ' '), v instanceof Double d
                    ? String.format(Locale.ROOT, "%.6g", d) : v));
        });
        return m.get("file") + "\n" + sb;
    }
}
