package org.cortexflow.tasks.io.mat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.Event;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.io.EegSource;

/**
 * EEG stored as a MATLAB matrix: a named (or the largest) 2-D numeric variable as channels x
 * samples (or samples x channels), the sampling rate given or taken from a variable. The
 * {@code nmedt} preset reads NMED-T raw files: {@code X} (129 x T, microvolts, the last row the all-zero
 * vertex reference, dropped), {@code fs}, and the {@code DIN_1} triggers (NetStation's 4 x n cell
 * {code; sample; duration; label}), where each song trigger
 * (21 to 30) is replaced by the song's true onset: the DIN_1 128 trigger that follows it minus one
 * second (NMED-T README; PredANN's mat_to_pkl.py does the same).
 */
public final class MatEegReader implements EegSource {

    /** Names tried, in order, for the sampling rate when none is given. */
    static final List<String> RATE_NAMES = List.of("fs", "srate", "Fs", "FS", "sfreq", "sampling_rate", "SamplingRate", "sr");

    /**
     * @param variable the data variable; empty picks the largest 2-D numeric matrix
     * @param sfreq the sampling rate in Hz; 0 to take it from {@code sfreqVariable}
     * @param sfreqVariable the variable holding the rate; empty tries {@link #RATE_NAMES}
     * @param toVolts volts per unit of the stored values (1e-6 for microvolts)
     * @param orientation "auto" (channels are the shorter dimension), "channels_x_samples" or "samples_x_channels"
     * @param nmedt read as an NMED-T raw file (X, fs, DIN_1)
     */
    public record Options(String variable, double sfreq, String sfreqVariable, double toVolts, String orientation, boolean nmedt) {
    }

    /** NMED-T song triggers and the click that marks each song's timing. */
    private static final int FIRST_SONG = 21;
    private static final int LAST_SONG = 30;
    private static final String CLICK = "128";

    private final MatFile mat;
    private final String variable;
    private final MatValue.Numeric data;
    private final boolean channelsFirst;
    private final int rows;
    private final int nch;
    private final long samples;
    private final double sfreq;
    private final double toVolts;
    private final boolean nmedt;
    private final List<Channel> channels;
    private final List<Event> events;
    private final List<String> warnings;
    private double[] tmp = new double[0];

    private MatEegReader(MatFile mat, String variable, MatValue.Numeric data, boolean channelsFirst, int nch, double sfreq,
                         double toVolts, boolean nmedt, List<Channel> channels, List<Event> events, List<String> warnings) {
        this.mat = mat;
        this.variable = variable;
        this.data = data;
        this.channelsFirst = channelsFirst;
        long[] d = data.dims();
        this.rows = (int) d[0];
        this.nch = nch;
        this.samples = channelsFirst ? d[1] : d[0];
        this.sfreq = sfreq;
        this.toVolts = toVolts;
        this.nmedt = nmedt;
        this.channels = channels;
        this.events = events;
        this.warnings = warnings;
    }

    /** Whether a MAT file looks like an NMED-T raw recording (X, fs and DIN_1). */
    public static boolean looksLikeNmedt(MatFile mat) {
        List<String> names = mat.names();
        return names.contains("X") && names.contains("fs") && names.contains("DIN_1");
    }

    public static MatEegReader open(Path file, Options o) throws IOException, TaskFailure {
        MatFile mat = MatFile.open(file);
        try {
            return open(mat, o);
        } catch (IOException | TaskFailure | RuntimeException e) {
            mat.close();
            throw e;
        }
    }

    /** Reads EEG from an opened MAT file; the reader takes over closing it. */
    public static MatEegReader open(MatFile mat, Options o) throws IOException, TaskFailure {
        Path file = mat.file();
        List<String> warnings = new ArrayList<>();
        String name = o.nmedt() ? "X" : o.variable();
        if (name.isEmpty()) {
            long best = -1;
            for (String n : mat.names()) {
                Optional<MatValue> v = mat.get(n);
                if (v.isPresent() && v.get() instanceof MatValue.Numeric m && m.dims().length == 2 && m.numel() > best
                        && Math.min(m.dims()[0], m.dims()[1]) >= 1) {
                    best = m.numel();
                    name = n;
                }
            }
            if (name.isEmpty()) {
                throw new TaskFailure(file + ": no 2-D numeric matrix to read as EEG; its variables: " + describe(mat));
            }
            warnings.add(file + ": reading variable '" + name + "' (the largest 2-D numeric matrix); set variable= to choose");
        }
        Optional<MatValue> v = mat.get(name);
        if (v.isEmpty()) {
            String hint = o.nmedt() ? " (an NMED-T raw file holds X, fs and DIN_1)" : "";
            throw new TaskFailure(file + ": no variable '" + name + "'" + hint + "; its variables: " + describe(mat));
        }
        if (!(v.get() instanceof MatValue.Numeric m) || m.dims().length != 2 || m.isEmpty()) {
            throw new TaskFailure(file + ": variable '" + name + "' is " + v.get().describe() + ", not a 2-D numeric matrix");
        }
        long[] d = m.dims();
        boolean channelsFirst = switch (o.nmedt() ? "channels_x_samples" : o.orientation()) {
            case "channels_x_samples" -> true;
            case "samples_x_channels" -> false;
            default -> d[0] <= d[1];
        };
        long nchAll = channelsFirst ? d[0] : d[1];
        if (nchAll > 100_000) {
            throw new TaskFailure(file + ": variable '" + name + "' would have " + nchAll + " channels; set orientation= to say which"
                    + " dimension holds the channels");
        }
        double sfreq = o.sfreq();
        if (sfreq <= 0) {
            List<String> tried = o.nmedt() ? List.of("fs") : o.sfreqVariable().isEmpty() ? RATE_NAMES : List.of(o.sfreqVariable());
            for (String r : tried) {
                Optional<Double> rate = MatFields.number(mat.get(r));
                if (rate.isPresent()) {
                    sfreq = rate.get();
                    break;
                }
            }
            if (sfreq <= 0) {
                throw new TaskFailure(file + ": no sampling rate: none of the variables " + tried + " holds a positive number;"
                        + " pass sfreq=<Hz> or sfreq_variable=<name>");
            }
        }
        if (!(sfreq > 0) || sfreq > 1e7) {
            throw new TaskFailure(file + ": sampling rate " + sfreq + " Hz is out of range");
        }
        int nch = (int) nchAll;
        List<Channel> channels = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        if (o.nmedt()) {
            if (nch < 2) {
                throw new TaskFailure(file + ": X has " + nch + " row(s); an NMED-T raw file has 128 channels and the reference");
            }
            if (nch != 129) {
                warnings.add(file + ": X has " + nch + " rows, not the 129 of an NMED-T raw file; the last is taken as the"
                        + " vertex reference and dropped");
            }
            nch -= 1; // the last row is the vertex reference, all zeros
            for (int c = 0; c < nch; c++) {
                channels.add(new Channel("E" + (c + 1), "EEG", "V"));
            }
            events.addAll(dinEvents(mat, sfreq, warnings));
        } else {
            for (int c = 0; c < nch; c++) {
                channels.add(new Channel("ch" + (c + 1), "EEG", "V"));
            }
        }
        return new MatEegReader(mat, name, m, channelsFirst, nch, sfreq, o.toVolts(), o.nmedt(), List.copyOf(channels),
                List.copyOf(events), warnings);
    }

    private static String describe(MatFile mat) throws IOException, FileFormatError {
        List<String> parts = new ArrayList<>();
        for (String n : mat.names()) {
            Optional<MatValue> v = mat.get(n);
            parts.add(n + " (" + v.map(MatValue::describe).orElse("?") + ")");
        }
        return String.join(", ", parts);
    }

    /** The DIN_1 triggers of an NMED-T raw file, song triggers moved to the song onsets. */
    static List<Event> dinEvents(MatFile mat, double fs, List<String> warnings) throws IOException, FileFormatError {
        Optional<MatValue> din = mat.get("DIN_1");
        if (din.isEmpty()) {
            warnings.add(mat.file() + ": no DIN_1 variable; no triggers read");
            return List.of();
        }
        long[] d = din.get().dims();
        // NetStation exports a 4 x n cell {code; sample; duration; label}; a 2 x n cell or matrix
        // {code; sample} works too, as does either one transposed (the fields along the shorter side)
        if (d.length != 2 || Math.min(d[0], d[1]) < 2) {
            throw new FileFormatError(mat.file(), -1, "DIN_1", "expected a cell of codes and onsets (4 x n or 2 x n), found "
                    + din.get().describe());
        }
        boolean byColumns = d[0] <= d[1]; // fields in rows: element (field f, event k) at f + rows * k
        long rows = d[0];
        long n = byColumns ? d[1] : d[0];
        List<String> codes = new ArrayList<>();
        List<Long> onsets = new ArrayList<>();
        for (long k = 0; k < n; k++) {
            long codeAt = byColumns ? rows * k : k;
            long onsetAt = byColumns ? rows * k + 1 : n + k;
            Optional<String> code = element(din.get(), codeAt).flatMap(MatEegReader::textOf);
            Optional<Double> onset = element(din.get(), onsetAt).flatMap(MatEegReader::numberOf);
            if (code.isEmpty() || onset.isEmpty()) {
                throw new FileFormatError(mat.file(), -1, "DIN_1", "entry " + (k + 1) + " has no code or no numeric onset");
            }
            String digits = code.get().replaceAll("\\D", "");
            codes.add(digits.isEmpty() ? code.get() : digits.replaceFirst("^0+(?=\\d)", ""));
            onsets.add(Math.round(onset.get()));
        }
        List<Event> out = new ArrayList<>();
        long second = Math.round(fs);
        for (int k = 0; k < codes.size(); k++) {
            String c = codes.get(k);
            int song = c.matches("\\d{1,4}") ? Integer.parseInt(c) : -1;
            if (song >= FIRST_SONG && song <= LAST_SONG) {
                int click = -1;
                for (int j = k + 1; j < codes.size(); j++) {
                    if (codes.get(j).equals(CLICK)) {
                        click = j;
                        break;
                    }
                    if (codes.get(j).matches("\\d{1,4}") && Integer.parseInt(codes.get(j)) >= FIRST_SONG
                            && Integer.parseInt(codes.get(j)) <= LAST_SONG) {
                        break;
                    }
                }
                if (click < 0) {
                    warnings.add(mat.file() + ": song trigger " + c + " at sample " + onsets.get(k) + " has no 128 trigger after it;"
                            + " kept at its own time");
                    out.add(new Event(onsets.get(k), 0, c, "NMED-T song trigger (no 128 click follows)"));
                } else {
                    out.add(new Event(onsets.get(click) - second, 0, c, "NMED-T song onset (DIN_1 128 trigger - 1 s)"));
                }
            } else {
                out.add(new Event(onsets.get(k), 0, c, "DIN_1"));
            }
        }
        out.sort((a, b) -> Long.compare(a.onsetSample(), b.onsetSample()));
        return out;
    }

    private static Optional<MatValue> element(MatValue v, long index) throws IOException, FileFormatError {
        if (v instanceof MatValue.Cell c) {
            return Optional.of(c.get(index));
        }
        if (v instanceof MatValue.Numeric n) {
            double x = n.get(index);
            return Optional.of(new Scalar(x));
        }
        return Optional.empty();
    }

    private static Optional<String> textOf(MatValue v) {
        try {
            return MatFields.text(Optional.of(v));
        } catch (IOException | FileFormatError e) {
            return Optional.empty();
        }
    }

    private static Optional<Double> numberOf(MatValue v) {
        try {
            if (v instanceof MatValue.Cell c && c.numel() == 1) {
                return MatFields.number(Optional.of(c.get(0)));
            }
            if (v instanceof MatValue.Text t) {
                return Optional.of(Double.parseDouble(t.text().strip()));
            }
            return MatFields.number(Optional.of(v));
        } catch (IOException | FileFormatError | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A number taken out of a numeric DIN_1 matrix. */
    private record Scalar(double value) implements MatValue.Numeric {
        @Override
        public long[] dims() {
            return new long[] {1, 1};
        }

        @Override
        public String matlabClass() {
            return "double";
        }

        @Override
        public double get(long index) {
            return value;
        }

        @Override
        public void readColumns(long col0, int ncols, double[] dst) {
            dst[0] = value;
        }

        @Override
        public void readRows(long row0, int nrows, double[] dst) {
            dst[0] = value;
        }
    }

    @Override
    public Path file() {
        return mat.file();
    }

    @Override
    public String format() {
        return nmedt ? "NMED-T raw (" + mat.version() + ")" : mat.version();
    }

    @Override
    public double sfreq() {
        return sfreq;
    }

    @Override
    public List<Channel> channels() {
        return channels;
    }

    @Override
    public long samples() {
        return samples;
    }

    @Override
    public List<Event> events() {
        return events;
    }

    @Override
    public Map<String, Object> meta() {
        Map<String, Object> m = new TreeMap<>();
        m.put("format", format());
        m.put("source", file().toString());
        m.put("variable", variable);
        m.put("orientation", channelsFirst ? "channels_x_samples" : "samples_x_channels");
        if (nmedt) {
            m.put("preset", "nmedt");
        }
        return m;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public int blockSamples() {
        long width = channelsFirst ? rows : data.dims()[1];
        return (int) Math.max(256, Math.min(1 << 20, (4L << 20) / (8L * width)));
    }

    @Override
    public void read(long start, float[][] dst, int len) throws IOException, FileFormatError {
        if (start < 0 || len < 0 || start + len > samples) {
            throw new IndexOutOfBoundsException("samples " + start + ".." + (start + len) + " of " + samples);
        }
        int step = blockSamples();
        int width = channelsFirst ? rows : (int) data.dims()[1];
        for (int done = 0; done < len; done += step) {
            int n = Math.min(step, len - done);
            if (tmp.length < n * width) {
                tmp = new double[n * width];
            }
            if (channelsFirst) {
                data.readColumns(start + done, n, tmp);
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < nch; c++) {
                        dst[c][done + i] = (float) (tmp[i * rows + c] * toVolts);
                    }
                }
            } else {
                data.readRows(start + done, n, tmp);
                for (int c = 0; c < nch; c++) {
                    for (int i = 0; i < n; i++) {
                        dst[c][done + i] = (float) (tmp[c * n + i] * toVolts);
                    }
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        mat.close();
    }
}
