package org.cortexflow.tasks.io.nifti;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyWriter;
import org.cortexflow.tasks.artifact.Table;

/**
 * Writes one fmri artifact from a NIfTI image, streaming volume data straight through:
 * {@code bold.npy} float32 (x, y, z[, t]) in Fortran order, i.e. exactly NIfTI's voxel order, so
 * {@code numpy.load} returns nibabel's {@code get_fdata()} layout; or, with a mask,
 * {@code timeseries.npy} float32 [volumes, voxels] plus {@code voxels.tsv}. Always {@code meta.json}.
 */
public final class BoldWriter {

    public static final String BOLD = "bold.npy";
    public static final String TIMESERIES = "timeseries.npy";
    public static final String VOXELS = "voxels.tsv";
    /** A mask volume above this many voxels is refused rather than held in memory. */
    private static final long MAX_MASK_VOXELS = 1L << 28;
    private static final int BLOCK = 1 << 18;

    /** Where the repetition time came from, and what it is. */
    public record RepetitionTime(Optional<Double> seconds, String source, List<String> warnings) {
    }

    private BoldWriter() {
    }

    /**
     * The TR of a 4-D image: {@code override} if positive, else the sidecar's RepetitionTime, else
     * {@code pixdim[4]} in the unit of {@code xyzt_units}. A time step of 100 or more "seconds" is
     * taken as milliseconds with a warning (FSL and some converters store 2000 with a seconds unit).
     */
    public static RepetitionTime repetitionTime(NiftiHeader h, Optional<Double> sidecar, double override) {
        List<String> warnings = new ArrayList<>();
        if (h.volumes() <= 1 && h.shape().length < 4) {
            return new RepetitionTime(Optional.empty(), "none", warnings);
        }
        double raw = h.pixdim()[4];
        Optional<Double> fromHeader = Optional.empty();
        String unit = h.timeUnit();
        if (raw > 0) {
            double s = switch (unit) {
                case "ms" -> raw / 1e3;
                case "us" -> raw / 1e6;
                default -> raw;
            };
            if (unit.equals("unknown")) {
                warnings.add("xyzt_units gives no time unit; pixdim[4] = " + raw + " taken as seconds");
            }
            if (!unit.equals("ms") && !unit.equals("us") && raw >= 100) {
                s = raw / 1e3;
                warnings.add("pixdim[4] = " + num(raw) + " with time unit '" + unit + "' is not a plausible TR; taken as "
                        + num(raw) + " ms = " + num(s) + " s");
            }
            fromHeader = Optional.of(s);
        }
        if (override > 0) {
            return new RepetitionTime(Optional.of(override), "param", warnings);
        }
        if (sidecar.isPresent()) {
            if (fromHeader.isPresent() && Math.abs(fromHeader.get() - sidecar.get()) > 1e-3 * sidecar.get()) {
                warnings.add("the sidecar's RepetitionTime " + num(sidecar.get()) + " s differs from the header's "
                        + num(fromHeader.get()) + " s; using the sidecar");
            }
            return new RepetitionTime(sidecar, "sidecar", warnings);
        }
        if (fromHeader.isEmpty()) {
            warnings.add("the header has no time step (pixdim[4] = " + raw + "); TR unknown");
            return new RepetitionTime(Optional.empty(), "none", warnings);
        }
        return new RepetitionTime(fromHeader, "header", warnings);
    }

    /**
     * Writes the artifact of {@code image} into {@code dir}.
     *
     * @param mask a mask image (voxels where it is non-zero are kept), or empty for the whole volume
     * @param extraMeta entries added to meta.json (BIDS entities, ...); a {@code source} there names the image instead of its path
     * @return the meta.json written
     */
    public static Map<String, Object> write(NiftiImage image, Optional<Path> mask, RepetitionTime tr, Path dir,
                                            Map<String, ?> extraMeta) throws IOException, FileFormatError {
        NiftiHeader h = image.header();
        List<String> warnings = new ArrayList<>(tr.warnings());
        Map<String, Object> meta = new TreeMap<>(extraMeta);
        long[] shape = h.shape();
        if (mask.isEmpty()) {
            try (NpyWriter w = NpyWriter.create(dir.resolve(BOLD), "<f4", true, shape)) {
                float[] block = new float[(int) Math.min(BLOCK, Math.max(1, h.voxels()))];
                for (long at = 0; at < h.voxels(); ) {
                    int n = (int) Math.min(block.length, h.voxels() - at);
                    image.read(block, 0, n);
                    w.write(at, block, 0, n);
                    at += n;
                }
            }
            meta.put("layout", "volume");
            meta.put("data", BOLD);
        } else {
            boolean[] keep = readMask(mask.get(), h, warnings);
            int[] index = selected(keep);
            writeMasked(image, index, dir);
            writeVoxels(index, h, dir.resolve(VOXELS));
            meta.put("layout", "masked");
            meta.put("data", TIMESERIES);
            meta.put("n_voxels", index.length);
            meta.put("mask", mask.get().toString());
        }
        meta.put("kind", "fmri");
        meta.putIfAbsent("source", image.file().toString());
        meta.put("format", "NIfTI-" + h.version() + (image.compressed() ? " (gzip)" : ""));
        meta.put("byte_order", h.order().toString().equals("BIG_ENDIAN") ? "big" : "little");
        meta.put("datatype", h.datatype().label());
        meta.put("shape", Arrays.stream(shape).boxed().toList());
        meta.put("n_volumes", h.volumes());
        meta.put("voxel_size", Arrays.stream(h.voxelSize()).boxed().toList());
        meta.put("space_unit", h.spaceUnit());
        meta.put("time_unit", h.timeUnit());
        meta.put("tr", tr.seconds().orElse(null));
        meta.put("tr_source", tr.source());
        meta.put("scl_slope", h.scaled() ? h.slope() : null);
        meta.put("scl_inter", h.scaled() ? h.inter() : null);
        meta.put("qform_code", h.qformCode());
        meta.put("sform_code", h.sformCode());
        List<List<Double>> aff = new ArrayList<>();
        for (double[] row : h.affine()) {
            aff.add(Arrays.stream(row).boxed().toList());
        }
        meta.put("affine", aff);
        meta.put("descrip", h.descrip());
        meta.put("warnings", warnings);
        MetaJson.write(dir, meta);
        return meta;
    }

    private static boolean[] readMask(Path maskFile, NiftiHeader bold, List<String> warnings) throws IOException, FileFormatError {
        try (NiftiImage m = NiftiImage.open(maskFile)) {
            NiftiHeader mh = m.header();
            long[] ms = mh.shape();
            long[] bs = bold.shape();
            if (ms[0] != bs[0] || ms[1] != bs[1] || ms[2] != bs[2] || mh.volumes() != 1) {
                throw new FileFormatError(maskFile, mh.version() == 1 ? 40 : 16, "dim", "mask dimensions "
                        + Arrays.toString(ms) + " do not match the image's volume " + Arrays.toString(Arrays.copyOf(bs, 3)),
                        "a mask is one 3-D volume on the same voxel grid as the BOLD series");
            }
            if (mh.voxelsPerVolume() > MAX_MASK_VOXELS) {
                throw new FileFormatError(maskFile, -1, "dim", "a mask of " + mh.voxelsPerVolume() + " voxels is larger than "
                        + MAX_MASK_VOXELS + " voxels");
            }
            double[][] a = mh.affine();
            double[][] b = bold.affine();
            double worst = 0;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    worst = Math.max(worst, Math.abs(a[i][j] - b[i][j]));
                }
            }
            if (worst > 1e-3) {
                warnings.add("the mask's affine differs from the image's by up to " + num(worst) + "; voxels were matched by index");
            }
            int n = (int) mh.voxelsPerVolume();
            boolean[] keep = new boolean[n];
            float[] block = new float[Math.min(BLOCK, n)];
            for (int at = 0; at < n; ) {
                int len = Math.min(block.length, n - at);
                m.read(block, 0, len);
                for (int i = 0; i < len; i++) {
                    keep[at + i] = block[i] != 0 && !Float.isNaN(block[i]);
                }
                at += len;
            }
            return keep;
        }
    }

    private static int[] selected(boolean[] keep) {
        int n = 0;
        for (boolean k : keep) {
            n += k ? 1 : 0;
        }
        int[] idx = new int[n];
        int j = 0;
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                idx[j++] = i;
            }
        }
        return idx;
    }

    private static void writeMasked(NiftiImage image, int[] index, Path dir) throws IOException, FileFormatError {
        NiftiHeader h = image.header();
        long per = h.voxelsPerVolume();
        long vols = h.volumes();
        if (per > MAX_MASK_VOXELS) {
            throw new FileFormatError(image.file(), -1, "dim", "a volume of " + per + " voxels is too large to mask in memory");
        }
        float[] volume = new float[(int) per];
        float[] row = new float[index.length];
        try (NpyWriter w = NpyWriter.create(dir.resolve(TIMESERIES), "<f4", false, vols, index.length)) {
            for (long v = 0; v < vols; v++) {
                image.read(volume, 0, volume.length);
                for (int i = 0; i < index.length; i++) {
                    row[i] = volume[index[i]];
                }
                w.write(v * index.length, row, 0, row.length);
            }
        }
    }

    private static void writeVoxels(int[] index, NiftiHeader h, Path file) throws IOException {
        long nx = h.shape()[0];
        long ny = h.shape()[1];
        double[][] a = h.affine();
        Table.Builder t = new Table.Builder("voxel", "i", "j", "k", "x", "y", "z");
        for (int v = 0; v < index.length; v++) {
            long f = index[v];
            long i = f % nx;
            long j = (f / nx) % ny;
            long k = f / (nx * ny);
            double[] w = new double[3];
            for (int r = 0; r < 3; r++) {
                w[r] = a[r][0] * i + a[r][1] * j + a[r][2] * k + a[r][3];
            }
            t.add(v, i, j, k, round(w[0]), round(w[1]), round(w[2]));
        }
        t.build().write(file);
    }

    private static String round(double v) {
        return String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
