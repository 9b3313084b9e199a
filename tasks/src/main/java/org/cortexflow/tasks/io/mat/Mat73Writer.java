package org.cortexflow.tasks.io.mat;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.Node;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.checksum.ChecksumUtils;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a MATLAB 7.3 MAT-file: an HDF5 file (written with jhdf) behind MATLAB's 512-byte text
 * header, in which each variable is a dataset carrying a {@code MATLAB_class} attribute and stored
 * transposed (a MATLAB {@code C x T} matrix is an HDF5 {@code T x C} dataset). Supports what the
 * NMED-T raw files hold: single and double matrices and scalars, and cell arrays of strings and
 * numbers.
 *
 * <p>jhdf (0.13) cannot write object references, which MATLAB cell arrays are made of: a cell is
 * written as a placeholder 64-bit integer dataset next to its elements in {@code #refs#}, then the
 * file is patched in place: the element datasets' object-header addresses go into the data, the
 * datatype message becomes an object reference, and the object header's checksum is recomputed.
 * The MATLAB header is prepended by setting the superblock's base address to 512, as MATLAB's own
 * files do. jhdf keeps whole arrays in memory, so a variable must fit in the heap.
 */
public final class Mat73Writer implements Closeable {

    private static final int USER_BLOCK = 512;
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final String REFS = "#refs#";

    private sealed interface Variable permits Single, Scalar, Cell {
    }

    private record Single(float[][] hdf5Rows) implements Variable {
    }

    private record Scalar(double value) implements Variable {
    }

    private record Cell(Object[][] cells) implements Variable {
    }

    private final Path file;
    private final String createdOn;
    private final Map<String, Variable> variables = new LinkedHashMap<>();

    /**
     * @param createdOn the date in MATLAB's header text, e.g. {@code Mon Jan  1 00:00:00 2024}
     *                  (fixed by the caller so that the file's bytes are reproducible)
     */
    public Mat73Writer(Path file, String createdOn) {
        this.file = file;
        this.createdOn = createdOn;
    }

    /**
     * A single-precision matrix of MATLAB size {@code columns x rows}, given as its HDF5 rows:
     * {@code hdf5Rows[t][c]} is MATLAB element {@code (c, t)}.
     */
    public void putSingleTransposed(String name, float[][] hdf5Rows) {
        variables.put(name, new Single(hdf5Rows));
    }

    /** A double scalar. */
    public void putDouble(String name, double value) {
        variables.put(name, new Scalar(value));
    }

    /** A cell array of MATLAB size {@code rows x columns}; each element a String or a Number. */
    public void putCell(String name, Object[][] cells) {
        for (Object[] row : cells) {
            for (Object o : row) {
                if (!(o instanceof String) && !(o instanceof Number)) {
                    throw new IllegalArgumentException("cell elements must be strings or numbers, got " + o);
                }
            }
        }
        variables.put(name, new Cell(cells));
    }

    /** Writes the file. */
    @Override
    public void close() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".hdf5.tmp");
        Map<String, List<String>> cellElements = new LinkedHashMap<>();
        try {
            try (WritableHdfFile h = HdfFile.write(tmp)) {
                WritableGroup refs = null;
                int counter = 0;
                for (var e : variables.entrySet()) {
                    String name = e.getKey();
                    Variable v = e.getValue();
                    if (v instanceof Single s) {
                        h.putDataset(name, s.hdf5Rows()).putAttribute("MATLAB_class", "single");
                    } else if (v instanceof Scalar s) {
                        h.putDataset(name, new double[][] {{s.value()}}).putAttribute("MATLAB_class", "double");
                    } else if (v instanceof Cell c) {
                        if (refs == null) {
                            refs = h.putGroup(REFS);
                        }
                        int rows = c.cells().length;
                        int cols = rows == 0 ? 0 : c.cells()[0].length;
                        List<String> names = new ArrayList<>();
                        // HDF5 order: the MATLAB column index varies slowest
                        for (int col = 0; col < cols; col++) {
                            for (int row = 0; row < rows; row++) {
                                String ref = refName(counter++);
                                putElement(refs, ref, c.cells()[row][col]);
                                names.add(ref);
                            }
                        }
                        WritableDataset d = h.putDataset(name, new long[cols][rows]);
                        d.putAttribute("MATLAB_class", "cell");
                        cellElements.put(name, names);
                    }
                }
            }
            assemble(tmp, cellElements);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void putElement(WritableGroup refs, String name, Object value) {
        if (value instanceof String s) {
            short[][] chars = new short[s.length()][1];
            for (int i = 0; i < s.length(); i++) {
                chars[i][0] = (short) s.charAt(i);
            }
            WritableDataset d = refs.putDataset(name, chars, DatasetCreationOptions.builder().unsigned().build());
            d.putAttribute("MATLAB_class", "char");
            d.putAttribute("MATLAB_int_decode", 2);
        } else {
            refs.putDataset(name, new double[][] {{((Number) value).doubleValue()}}).putAttribute("MATLAB_class", "double");
        }
    }

    /** a, b, ..., z, A, ..., Z, ba, bb, ...: short names like MATLAB's. */
    private static String refName(int i) {
        String digits = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        StringBuilder sb = new StringBuilder();
        do {
            sb.append(digits.charAt(i % digits.length()));
            i /= digits.length();
        } while (i > 0);
        return sb.reverse().toString();
    }

    /** Copies the HDF5 file behind the MATLAB header and patches cells and superblock. */
    private void assemble(Path tmp, Map<String, List<String>> cellElements) throws IOException {
        record Patch(long dataAddress, long headerAddress, long[] targets) {
        }
        List<Patch> patches = new ArrayList<>();
        try (HdfFile h = new HdfFile(tmp)) {
            for (var e : cellElements.entrySet()) {
                Dataset d = h.getDatasetByPath("/" + e.getKey());
                if (!(d instanceof ContiguousDataset cd)) {
                    throw new IOException("jhdf wrote cell '" + e.getKey() + "' with a non-contiguous layout");
                }
                long[] targets = new long[e.getValue().size()];
                for (int i = 0; i < targets.length; i++) {
                    Node n = h.getByPath("/" + REFS + "/" + e.getValue().get(i));
                    targets[i] = n.getAddress();
                }
                patches.add(new Patch(cd.getDataAddress(), d.getAddress(), targets));
            }
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING);
             FileChannel in = FileChannel.open(tmp, StandardOpenOption.READ)) {
            writeFully(out, ByteBuffer.wrap(matlabHeader()), 0);
            long size = in.size();
            for (long done = 0; done < size; ) {
                done += in.transferTo(done, size - done, out.position(USER_BLOCK + done));
            }
            for (Patch p : patches) {
                ByteBuffer data = ByteBuffer.allocate(8 * p.targets().length).order(ByteOrder.LITTLE_ENDIAN);
                for (long t : p.targets()) {
                    data.putLong(t);
                }
                data.flip();
                writeFully(out, data, USER_BLOCK + p.dataAddress());
                makeReference(out, USER_BLOCK + p.headerAddress());
            }
            rebaseSuperblock(out);
        }
    }

    /** MATLAB's 128-byte text header (116 bytes of text, subsystem offset, version 0x0200, 'IM'), zero-padded to 512. */
    private byte[] matlabHeader() {
        byte[] h = new byte[USER_BLOCK];
        String text = "MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: " + createdOn + " HDF5 schema 1.00 .";
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        if (t.length > 116) {
            throw new IllegalArgumentException("header text longer than 116 bytes: " + text);
        }
        Arrays.fill(h, 0, 116, (byte) ' ');
        System.arraycopy(t, 0, h, 0, t.length);
        h[124] = 0x00;
        h[125] = 0x02;
        h[126] = 'I';
        h[127] = 'M';
        return h;
    }

    /** Turns the datatype message of the object header at {@code at} into an 8-byte object reference. */
    private static void makeReference(FileChannel ch, long at) throws IOException {
        ByteBuffer head = read(ch, at, 16);
        if (head.get(0) != 'O' || head.get(1) != 'H' || head.get(2) != 'D' || head.get(3) != 'R' || head.get(4) != 2) {
            throw new IOException("expected a version 2 object header at " + at);
        }
        int flags = head.get(5) & 0xFF;
        int p = 6;
        if ((flags & 0x20) != 0) {
            p += 16; // access, modification, change, birth times
        }
        if ((flags & 0x10) != 0) {
            p += 4; // attribute phase change values
        }
        int sizeBytes = 1 << (flags & 0x03);
        ByteBuffer sz = read(ch, at + p, sizeBytes);
        long chunk = switch (sizeBytes) {
            case 1 -> sz.get(0) & 0xFF;
            case 2 -> sz.getShort(0) & 0xFFFF;
            case 4 -> sz.getInt(0) & 0xFFFFFFFFL;
            default -> sz.getLong(0);
        };
        p += sizeBytes;
        int total = (int) (p + chunk);
        ByteBuffer oh = read(ch, at, total + 4);
        int q = p;
        boolean done = false;
        while (q < total - 3) {
            int type = oh.get(q) & 0xFF;
            int size = oh.getShort(q + 1) & 0xFFFF;
            int body = q + 4 + ((flags & 0x04) != 0 ? 2 : 0);
            if (type == 3) {
                oh.put(body, (byte) 0x17); // version 1, class 7: reference
                oh.put(body + 1, (byte) 0); // type 0: object reference
                oh.put(body + 2, (byte) 0);
                oh.put(body + 3, (byte) 0);
                oh.putInt(body + 4, 8);
                for (int i = body + 8; i < body + size; i++) {
                    oh.put(i, (byte) 0);
                }
                done = true;
                break;
            }
            q = body + size;
        }
        if (!done) {
            throw new IOException("no datatype message in the object header at " + at);
        }
        byte[] covered = new byte[total];
        oh.get(0, covered);
        oh.putInt(total, ChecksumUtils.checksum(covered));
        oh.clear();
        writeFully(ch, oh, at);
    }

    /** Points the version 2/3 superblock at byte 512 (base address) and makes its end-of-file address absolute. */
    private static void rebaseSuperblock(FileChannel ch) throws IOException {
        ByteBuffer sb = read(ch, USER_BLOCK, 48);
        for (int i = 0; i < HDF5_SIGNATURE.length; i++) {
            if (sb.get(i) != HDF5_SIGNATURE[i]) {
                throw new IOException("no HDF5 signature after the MATLAB header");
            }
        }
        int version = sb.get(8);
        if (version != 2 && version != 3) {
            throw new IOException("jhdf wrote superblock version " + version + "; versions 2 and 3 are supported");
        }
        sb.putLong(12, USER_BLOCK);
        sb.putLong(28, sb.getLong(28) + USER_BLOCK);
        byte[] covered = new byte[44];
        sb.get(0, covered);
        sb.putInt(44, ChecksumUtils.checksum(covered));
        sb.clear();
        writeFully(ch, sb, USER_BLOCK);
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IOException("unexpected end of file at " + (at + b.position()));
            }
        }
        b.clear();
        return b;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
    }
}
