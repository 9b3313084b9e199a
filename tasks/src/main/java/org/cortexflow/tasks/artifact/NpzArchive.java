package org.cortexflow.tasks.artifact;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A NumPy {@code .npz} archive: a zip of named {@code .npy} arrays ({@code numpy.load} returns them as
 * a dict). Meant for small collections such as model weights; each array goes through
 * {@link NpyWriter} and {@link NpyArray}.
 */
public final class NpzArchive {

    /** A named float32 array. */
    public record Entry(long[] shape, float[] data) {
    }

    /**
     * Every entry's date: fixed, so that the same arrays make the same bytes. Two seconds after zip's
     * earliest date: Java takes 1980-01-01 00:00:00 itself for "before 1980" and adds an extended
     * timestamp, which depends on the time zone.
     */
    private static final LocalDateTime ENTRY_DATE = LocalDateTime.of(1980, 1, 1, 0, 0, 2);

    private NpzArchive() {
    }

    /**
     * Writes {@code arrays} (name to array, in order) as float32 entries {@code NAME.npy}, all with one
     * fixed date: a retrained model that came out the same has the same digest.
     */
    public static void write(Path file, Map<String, Entry> arrays) throws IOException {
        Path scratch = Files.createTempFile(file.toAbsolutePath().getParent(), ".npz-entry", ".npy");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, Entry> e : arrays.entrySet()) {
                NpyWriter.writeFloat32(scratch, e.getValue().data(), e.getValue().shape());
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setTimeLocal(ENTRY_DATE);
                zip.putNextEntry(entry);
                Files.copy(scratch, zip);
                zip.closeEntry();
            }
        } finally {
            Files.deleteIfExists(scratch);
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
