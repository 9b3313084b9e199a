package org.cortexflow.tasks.io.mat;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.cortexflow.tasks.artifact.FileFormatError;

/** A MATLAB MAT file: version 5 (through mfl-core) or 7.3 (HDF5, through jhdf). */
public interface MatFile extends Closeable {

    Path file();

    /** "MAT v5" or "MAT v7.3". */
    String version();

    /** Names of the top-level variables, in file order. */
    List<String> names();

    /** A top-level variable. */
    Optional<MatValue> get(String name) throws IOException, FileFormatError;

    /** Opens {@code file}, telling the version from its header. */
    static MatFile open(Path file) throws IOException, FileFormatError {
        byte[] head = new byte[128];
        long size;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            size = ch.size();
            ByteBuffer b = ByteBuffer.wrap(head);
            while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {
                // fill what the file has
            }
        }
        if (size >= 520 && isHdf5At(file, 512)) {
            return Mat73File.open(file);
        }
        if (size < 128) {
            throw new FileFormatError(file, 0, "header", "a MAT file has a 128-byte header; this file has " + size + " bytes");
        }
        String text = new String(head, 0, 116, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("MATLAB 5.0 MAT-file") && !text.startsWith("MATLAB 7.3 MAT-file")) {
            if (text.startsWith("MATLAB")) {
                throw new FileFormatError(file, 0, "header", "unsupported MAT file: '" + text.strip().split(",")[0] + "'",
                        "MAT versions 5 (-v6, -v7) and 7.3 are supported; save with -v7 or -v7.3");
            }
            throw new FileFormatError(file, 0, "header", "not a MATLAB MAT file (no 'MATLAB 5.0 MAT-file' header)");
        }
        if (text.startsWith("MATLAB 7.3")) {
            throw new FileFormatError(file, 512, "HDF5 signature", "the header says MAT 7.3 but there is no HDF5 file at byte 512",
                    "the file is damaged or truncated");
        }
        return Mat5File.open(file);
    }

    /** Whether an HDF5 superblock signature is at {@code offset}. */
    static boolean isHdf5At(Path file, long offset) throws IOException {
        byte[] sig = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() < offset + 8) {
                return false;
            }
            ByteBuffer b = ByteBuffer.allocate(8);
            while (b.hasRemaining() && ch.read(b, offset + b.position()) >= 0) {
                // read the 8 bytes
            }
            return java.util.Arrays.equals(b.array(), sig);
        }
    }
}
