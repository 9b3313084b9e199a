package org.cortexflow.tasks.io.nifti;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.cortexflow.tasks.artifact.FileFormatError;

/**
 * A NIfTI-1 or NIfTI-2 image ({@code .nii}, {@code .nii.gz}, or a {@code .hdr}/{@code .img} pair)
 * opened for reading its voxels in file order (x fastest, then y, z, t), in blocks: the series is
 * never held in memory, and a gzip file is decompressed as it is read. Values come out as float32
 * after {@code scl_slope}/{@code scl_inter} scaling computed in float64, as nibabel's
 * {@code get_fdata()} followed by a cast to float32.
 */
public final class NiftiImage implements Closeable {

    /** Deflate cannot compress better than about 1032:1; a header that claims more is lying. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    private static final int BLOCK = 1 << 20;

    private final Path file;
    private final Path dataFile;
    private final NiftiHeader header;
    private final boolean compressed;
    private final FileChannel channel;
    private final InputStream stream;
    private final ByteBuffer buf;
    private long voxelsRead;

    private NiftiImage(Path file, Path dataFile, NiftiHeader header, boolean compressed, FileChannel channel, InputStream stream) {
        this.file = file;
        this.dataFile = dataFile;
        this.header = header;
        this.compressed = compressed;
        this.channel = channel;
        this.stream = stream;
        this.buf = (channel != null ? ByteBuffer.allocateDirect(BLOCK) : ByteBuffer.allocate(BLOCK)).order(header.order());
    }

    /** Reads only the header of {@code file} (cheap: the first 540 bytes, decompressed if needed). */
    public static NiftiHeader readHeader(Path file) throws IOException, FileFormatError {
        try (NiftiImage img = open(file)) {
            return img.header();
        }
    }

    /** Opens {@code file}, checks its header and its size; the voxels are read later with {@link #read}. */
    public static NiftiImage open(Path file) throws IOException, FileFormatError {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        boolean gz = isGzip(file);
        NiftiHeader h;
        try (InputStream in = input(file, gz)) {
            byte[] head = new byte[NiftiHeader.NIFTI2_SIZE];
            int n = readFully(file, in, head, gz);
            h = NiftiHeader.parse(file, head, n);
        }
        Path data = file;
        boolean dataGz = gz;
        if (!h.singleFile()) {
            data = companion(file);
            dataGz = isGzip(data);
        }
        long need = h.voxOffset() + h.dataBytes();
        long size = Files.size(data);
        long dimField = h.version() == 1 ? 40 : 16;
        String where = h.singleFile() ? "the file" : data.getFileName().toString();
        if (!dataGz && need > size) {
            throw new FileFormatError(file, dimField, "dim", "the header declares " + h.dataBytes() + " bytes of "
                    + h.datatype().label() + " voxels " + java.util.Arrays.toString(h.shape()) + " from byte " + h.voxOffset()
                    + ", but " + where + " has " + size + " bytes", "the file is truncated, or its dim/datatype fields are wrong");
        }
        if (dataGz && h.dataBytes() / MAX_DEFLATE_RATIO > size) {
            throw new FileFormatError(file, dimField, "dim", "the header declares " + h.dataBytes()
                    + " bytes of voxels, more than " + where + " (gzip, " + size + " bytes) can hold",
                    "the dim or datatype fields are wrong");
        }
        if (dataGz) {
            InputStream in = input(data, true);
            try {
                skipFully(data, in, h.voxOffset());
            } catch (IOException | FileFormatError e) {
                in.close();
                throw e;
            }
            return new NiftiImage(file, data, h, true, null, in);
        }
        FileChannel ch = FileChannel.open(data, StandardOpenOption.READ);
        ch.position(h.voxOffset());
        return new NiftiImage(file, data, h, false, ch, null);
    }

    public NiftiHeader header() {
        return header;
    }

    public Path file() {
        return file;
    }

    /** Whether the voxel data is gzip-compressed. */
    public boolean compressed() {
        return compressed;
    }

    /** Voxels read so far. */
    public long position() {
        return voxelsRead;
    }

    /**
     * Reads the next {@code len} voxels in file order into {@code dst[off..]}, scaled.
     *
     * @throws FileFormatError when the file ends early or its compressed stream is damaged
     */
    public void read(float[] dst, int off, int len) throws IOException, FileFormatError {
        if (len < 0 || voxelsRead + len > header.voxels()) {
            throw new IndexOutOfBoundsException("voxels " + voxelsRead + ".." + (voxelsRead + len) + " of " + header.voxels());
        }
        int item = header.datatype().bytes();
        int per = BLOCK / item;
        for (int done = 0; done < len; ) {
            int n = Math.min(per, len - done);
            fill(n * item);
            convert(n, dst, off + done);
            done += n;
            voxelsRead += n;
        }
    }

    private void fill(int bytes) throws IOException, FileFormatError {
        buf.clear().limit(bytes);
        try {
            if (channel != null) {
                while (buf.hasRemaining()) {
                    if (channel.read(buf) < 0) {
                        throw truncated(buf.position());
                    }
                }
            } else {
                byte[] a = buf.array();
                int got = 0;
                while (got < bytes) {
                    int r = stream.read(a, got, bytes - got);
                    if (r < 0) {
                        throw truncated(got);
                    }
                    got += r;
                }
            }
        } catch (ZipException | EOFException e) {
            throw new FileFormatError(dataFile, header.voxOffset() + voxelsRead * header.datatype().bytes(), "gzip",
                    "damaged gzip stream near uncompressed byte offset " + (header.voxOffset() + voxelsRead * header.datatype().bytes())
                            + ": " + e.getMessage(), "the file is truncated or corrupt");
        }
    }

    private FileFormatError truncated(int got) {
        long at = header.voxOffset() + voxelsRead * header.datatype().bytes() + got;
        return new FileFormatError(dataFile, at, "voxel data", (compressed ? "the decompressed data ends" : "the file ends")
                + " at byte " + at + ", but the header declares " + (header.voxOffset() + header.dataBytes()) + " bytes",
                "the file is truncated");
    }

    private void convert(int n, float[] dst, int off) {
        NiftiDatatype t = header.datatype();
        ByteBuffer b = buf;
        if (!header.scaled()) {
            switch (t) {
                case INT16 -> {
                    for (int i = 0; i < n; i++) {
                        dst[off + i] = b.getShort(2 * i);
                    }
                }
                case UINT8 -> {
                    for (int i = 0; i < n; i++) {
                        dst[off + i] = b.get(i) & 0xFF;
                    }
                }
                case FLOAT32 -> {
                    for (int i = 0; i < n; i++) {
                        dst[off + i] = b.getFloat(4 * i);
                    }
                }
                default -> {
                    int item = t.bytes();
                    for (int i = 0; i < n; i++) {
                        dst[off + i] = (float) t.get(b, i * item);
                    }
                }
            }
            return;
        }
        double slope = header.slope();
        double inter = header.inter();
        if (t == NiftiDatatype.INT16) {
            for (int i = 0; i < n; i++) {
                dst[off + i] = (float) (b.getShort(2 * i) * slope + inter);
            }
            return;
        }
        int item = t.bytes();
        for (int i = 0; i < n; i++) {
            dst[off + i] = (float) (t.get(b, i * item) * slope + inter);
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
        if (stream != null) {
            stream.close();
        }
    }

    static boolean isGzip(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            return in.read() == 0x1F && in.read() == 0x8B;
        }
    }

    private static InputStream input(Path f, boolean gz) throws IOException, FileFormatError {
        InputStream raw = new BufferedInputStream(Files.newInputStream(f), 1 << 16);
        if (!gz) {
            return raw;
        }
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (ZipException | EOFException e) {
            raw.close();
            throw new FileFormatError(f, 0, "gzip", "damaged gzip header: " + e.getMessage(), "the file is truncated or corrupt");
        }
    }

    private static int readFully(Path f, InputStream in, byte[] dst, boolean gz) throws IOException, FileFormatError {
        int got = 0;
        try {
            while (got < dst.length) {
                int r = in.read(dst, got, dst.length - got);
                if (r < 0) {
                    break;
                }
                got += r;
            }
        } catch (ZipException | EOFException e) {
            if (got >= NiftiHeader.NIFTI1_SIZE || !gz) {
                return got; // a short image: the header parser decides whether enough is there
            }
            throw new FileFormatError(f, got, "gzip", "damaged gzip stream in the header: " + e.getMessage(),
                    "the file is truncated or corrupt");
        }
        return got;
    }

    private static void skipFully(Path f, InputStream in, long n) throws IOException, FileFormatError {
        long left = n;
        try {
            while (left > 0) {
                long s = in.skip(left);
                if (s <= 0) {
                    if (in.read() < 0) {
                        throw new FileFormatError(f, n - left, "vox_offset", "the file ends at byte " + (n - left)
                                + ", before the voxel data at byte " + n, "the file is truncated");
                    }
                    s = 1;
                }
                left -= s;
            }
        } catch (ZipException | EOFException e) {
            throw new FileFormatError(f, n - left, "gzip", "damaged gzip stream before the voxel data: " + e.getMessage(),
                    "the file is truncated or corrupt");
        }
    }

    /** The .img (or .img.gz) that holds the voxels of a .hdr header. */
    static Path companion(Path hdr) throws FileFormatError {
        String name = hdr.getFileName().toString();
        String base = name.endsWith(".hdr.gz") ? name.substring(0, name.length() - 7)
                : name.endsWith(".hdr") ? name.substring(0, name.length() - 4) : name;
        for (String ext : new String[] {".img", ".img.gz"}) {
            Path p = hdr.resolveSibling(base + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new FileFormatError(hdr, 344, "magic", "a two-file (\"ni1\"/\"ni2\") header needs its data file " + base
                + ".img next to it", "copy the .img file along with the .hdr");
    }
}
