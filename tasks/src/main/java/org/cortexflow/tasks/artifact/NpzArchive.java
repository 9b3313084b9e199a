package org.cortexflow.tasks.artifact;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A NumPy {@code .npz} archive: a zip of named {@code .npy} arrays ({@code numpy.load} returns them as
 * a dict). Meant for small collections such as model weights; each array goes through
 * {@link NpyWriter} and {@link NpyArray}.
 */
public final class NpzArchive {

    /** A named float32 array. */
    public record Entry(long[] shape, float[] data) {
    }

    private NpzArchive() {
    }

    /** Writes {@code arrays} (name to array, in order) as float32 entries {@code NAME.npy}. */
    public static void write(Path file, Map<String, Entry> arrays) throws IOException {
        Files.deleteIfExists(file);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + file.toAbsolutePath().toUri()), Map.of("create", "true"))) {
            for (Map.Entry<String, Entry> e : arrays.entrySet()) {
                Path entry = zip.getPath(e.getKey() + ".npy");
                NpyWriter.writeFloat32(entry, e.getValue().data(), e.getValue().shape());
            }
        }
    }

    /** Every array in the archive, as floats, by name (without {@code .npy}). */
    public static Map<String, Entry> read(Path file) throws IOException, FileFormatError {
        if (!Files.isRegularFile(file)) {
            throw new FileFormatError(file, -1, "", "no such file");
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        try (FileSystem zip = FileSystems.newFileSystem(file, Map.of())) {
            Path root = zip.getPath("/");
            try (Stream<Path> entries = Files.list(root)) {
                for (Path p : entries.sorted().toList()) {
                    String name = p.getFileName().toString();
                    if (!name.endsWith(".npy")) {
                        continue;
                    }
                    try (NpyArray a = NpyArray.open(p)) {
                        out.put(name.substring(0, name.length() - 4), new Entry(a.shape(), a.readAllFloats()));
                    }
                }
            }
        } catch (java.util.zip.ZipException | java.nio.file.ProviderNotFoundException e) {
            throw new FileFormatError(file, -1, "", "not a zip (.npz) archive: " + e.getMessage());
        }
        return out;
    }
}
