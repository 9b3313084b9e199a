package org.cortexflow.tasks.signal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.EegRecording;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.ItemIndex;

/**
 * Applies a per-recording step to an eeg input that is a single recording or a set: a single
 * recording's result goes straight into the output directory; a set's items each go into a
 * subdirectory of the same id, and the set's {@code recordings.tsv} is copied, so the output is a
 * set with the same ids and descriptive columns.
 */
final class EegSetMap {

    /** One recording in, one artifact out (written into {@code out}, which exists and is empty). */
    interface Step {
        void apply(EegRecording in, Path out, PrintStream log) throws Exception;
    }

    private EegSetMap() {
    }

    static void forEach(Path in, Path out, PrintStream log, Step step) throws Exception {
        List<ItemIndex.Item> items = ItemIndex.list(in, ItemIndex.RECORDINGS);
        boolean set = ItemIndex.isSet(in, ItemIndex.RECORDINGS);
        for (ItemIndex.Item item : items) {
            Path dst = set ? Files.createDirectories(out.resolve(item.id())) : out;
            if (set) {
                log.println("== " + item.id());
            }
            long t0 = System.nanoTime();
            try (EegRecording rec = open(item.dir())) {
                step.apply(rec, dst, log);
                double s = (System.nanoTime() - t0) / 1e9;
                log.println(String.format(java.util.Locale.ROOT, "done: %d channels x %d samples in %.2f s (%.1f M samples/s)",
                        rec.channels().size(), rec.samples(), s, rec.channels().size() * (double) rec.samples() / s / 1e6));
            } catch (TaskFailure e) {
                if (!set || e instanceof FileFormatError) {
                    throw e;
                }
                throw new TaskFailure("recording " + item.id() + ": " + e.getMessage(), e);
            }
        }
        if (set) {
            Files.copy(in.resolve(ItemIndex.RECORDINGS), out.resolve(ItemIndex.RECORDINGS), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static EegRecording open(Path dir) throws IOException, FileFormatError {
        if (!Files.isRegularFile(dir.resolve(EegRecording.DATA))) {
            throw new FileFormatError(dir.resolve(EegRecording.DATA), -1, "", "no data.npy: this is not an eeg artifact",
                    "bind the output of eeg.read (or another eeg task) to this input");
        }
        return EegRecording.open(dir);
    }
}
