package org.cortexflow.tasks.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.io.brainvision.BrainVisionReader;
import org.cortexflow.tasks.io.edf.EdfHeader;
import org.cortexflow.tasks.io.edf.EdfReader;
import org.cortexflow.tasks.io.eeglab.EeglabReader;
import org.cortexflow.tasks.io.mat.MatEegReader;
import org.cortexflow.tasks.io.mat.MatFile;

/** Opens an EEG file in whichever format it is, by the format asked for or by its extension and first bytes. */
public final class EegFiles {

    /** The formats {@code eeg.read} accepts; {@code auto} tells them apart. */
    public static final List<String> FORMATS = List.of("auto", "edf", "bdf", "brainvision", "eeglab", "mat", "nmedt");

    /** Extensions of the files that hold (or head) a recording. */
    public static final List<String> EXTENSIONS = List.of(".bdf", ".edf", ".vhdr", ".set", ".mat");

    /**
     * @param format one of {@link #FORMATS}
     */
    public record Options(String format, EdfReader.Options edf, MatEegReader.Options mat) {
    }

    private EegFiles() {
    }

    /** Whether {@code file}'s name marks it as a recording this reader opens. */
    public static boolean isRecording(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    /** Opens {@code file}; the caller closes the source. */
    public static EegSource open(Path file, Options o) throws IOException, TaskFailure {
        if (!Files.isRegularFile(file)) {
            throw new FileFormatError(file, -1, "", "no such file");
        }
        String format = o.format().equals("auto") ? detect(file) : o.format();
        return switch (format) {
            case "edf", "bdf" -> EdfReader.open(file, o.edf());
            case "brainvision" -> BrainVisionReader.open(file, o.edf().allowTruncated());
            case "eeglab" -> EeglabReader.open(file, o.edf().allowTruncated());
            case "mat", "nmedt" -> {
                MatFile mat = MatFile.open(file);
                boolean nmedt = format.equals("nmedt") || o.format().equals("auto") && o.mat().variable().isEmpty()
                        && MatEegReader.looksLikeNmedt(mat);
                MatEegReader.Options m = o.mat();
                yield MatEegReader.open(mat, new MatEegReader.Options(m.variable(), m.sfreq(), m.sfreqVariable(), m.toVolts(),
                        m.orientation(), nmedt));
            }
            default -> throw new TaskFailure("unknown format '" + format + "'; one of " + FORMATS);
        };
    }

    /** The format of {@code file} from its extension, confirmed or overruled by its first bytes. */
    public static String detect(Path file) throws IOException, FileFormatError {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        byte[] head = new byte[128];
        int got;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(head);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // read up to 128 bytes
            }
            got = b.position();
        }
        if (n.endsWith(".eeg") || n.endsWith(".vmrk")) {
            throw new FileFormatError(file, -1, "", "this is part of a BrainVision recording", "give the .vhdr header file");
        }
        if (n.endsWith(".fdt")) {
            throw new FileFormatError(file, -1, "", "this is the data half of an EEGLAB dataset", "give the .set file");
        }
        if (got >= 8 && EdfHeader.looksLikeEdf(java.util.Arrays.copyOf(head, 8))) {
            return "edf";
        }
        String text = new String(head, 0, got, StandardCharsets.ISO_8859_1).replace(" ", "").toLowerCase(Locale.ROOT);
        if (text.startsWith("brainvisiondataexchangeheader") || text.startsWith("\u00ef\u00bb\u00bfbrainvision")) {
            return "brainvision";
        }
        boolean matHeader = text.startsWith("matlab5.0mat-file") || text.startsWith("matlab7.3mat-file")
                || MatFile.isHdf5At(file, 512);
        if (matHeader) {
            return n.endsWith(".set") ? "eeglab" : "mat";
        }
        if (n.endsWith(".edf") || n.endsWith(".bdf") || n.endsWith(".rec")) {
            return "edf"; // let the EDF reader say what is wrong with the header
        }
        if (n.endsWith(".vhdr")) {
            return "brainvision";
        }
        if (n.endsWith(".set") || n.endsWith(".mat")) {
            return n.endsWith(".set") ? "eeglab" : "mat";
        }
        throw new FileFormatError(file, 0, "format", "not a recognised EEG file (EDF, BDF, BrainVision .vhdr, EEGLAB .set,"
                + " MATLAB .mat)", "pass format= if the file has an unusual extension");
    }
}
