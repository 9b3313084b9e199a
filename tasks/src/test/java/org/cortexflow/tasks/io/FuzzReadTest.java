package org.cortexflow.tasks.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.io.bids.BidsTsv;
import org.cortexflow.tasks.io.edf.EdfReader;
import org.cortexflow.tasks.io.mat.MatEegReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates the real EEG files (truncation, byte flips in headers, damaged and shuffled header
 * fields, damaged data) with a fixed seed and reads each mutant in full: every one must either read
 * cleanly or fail with a {@link FileFormatError} or {@link TaskFailure}, within a bounded time and
 * without allocating more than a bounded amount of memory (so no OutOfMemoryError could happen on
 * a smaller heap). Never an index exception, a hang or an allocation sized by a damaged field.
 */
class FuzzReadTest {

    private static final long SEED = 20261121L;
    private static final long TIMEOUT_MS = 20_000;
    /** Bytes a single read may allocate: the files are at most a few MB, so this is generous. */
    private static final long MAX_ALLOCATED = 256L << 20;

    @TempDir
    Path tmp;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-reader");
        t.setDaemon(true);
        return t;
    });
    private final Random rnd = new Random(SEED);
    private final Map<String, Integer> outcomes = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, String> times = new LinkedHashMap<>();
    private int mutations;

    private interface Family {
        void run() throws Exception;
    }

    private void timed(String name, Family f) throws Exception {
        long t = System.nanoTime();
        f.run();
        times.put(name, String.format("%.1f", (System.nanoTime() - t) / 1e9));
    }

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    private enum Result { READ, FORMAT_ERROR, TASK_FAILURE }

    private record Outcome(Result result, long allocated, String message) {
    }

    /** Reads every sample and event of {@code file} on the worker thread. */
    private Outcome readAll(Path file) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Future<Outcome> f = worker.submit(() -> {
            long before = threads.getCurrentThreadAllocatedBytes();
            Result r;
            String msg = "";
            EegFiles.Options o = new EegFiles.Options("auto", EdfReader.Options.defaults(),
                    new MatEegReader.Options("", 100, "", 1e-6, "auto", false));
            try (EegSource s = EegFiles.open(file, o)) {
                s.events();
                if (!s.channels().isEmpty() && s.samples() > 0) {
                    int block = Math.max(1, s.blockSamples());
                    float[][] buf = new float[s.channels().size()][block];
                    for (long start = 0; start < s.samples(); start += block) {
                        s.read(start, buf, (int) Math.min(block, s.samples() - start));
                    }
                }
                r = Result.READ;
            } catch (FileFormatError e) {
                r = Result.FORMAT_ERROR;
                msg = e.getMessage();
            } catch (TaskFailure e) {
                r = Result.TASK_FAILURE;
                msg = e.getMessage();
            }
            return new Outcome(r, threads.getCurrentThreadAllocatedBytes() - before, msg);
        });
        try {
            return f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("no result within " + TIMEOUT_MS + " ms (a hang?)");
        }
    }

    /** Writes the mutant, reads it, and records what happened. */
    private void check(String what, Path dir, String name, byte[] bytes) throws Exception {
        mutations++;
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        check(what, file);
    }

    private void check(String what, Path file) throws Exception {
        try {
            Outcome o = readAll(file);
            outcomes.merge(o.result().name(), 1, Integer::sum);
            if (o.allocated() > MAX_ALLOCATED) {
                failures.add(what + ": allocated " + (o.allocated() >> 20) + " MB");
            }
            if (o.result() == Result.FORMAT_ERROR && !o.message().contains(file.getParent().toString())) {
                failures.add(what + ": the error does not name the file: " + o.message());
            }
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            StringBuilder where = new StringBuilder();
            for (StackTraceElement el : Arrays.copyOf(c.getStackTrace(), Math.min(4, c.getStackTrace().length))) {
                where.append(" <- ").append(el);
            }
            failures.add(what + ": " + c + where);
        } catch (AssertionError e) {
            failures.add(what + ": " + e.getMessage());
        }
    }

    @Test
    void mutatedRealFilesReadCleanlyOrFailCleanly() throws Exception {
        long t0 = System.nanoTime();
        timed("bdf stim", () -> edfFamily("eeg/mne-python/test_bdf_stim_channel.bdf", 220));
        timed("edf stim", () -> edfFamily("eeg/mne-python/test_edf_stim_channel.edf", 220));
        timed("eeglab bdf", () -> edfFamily("eeg/eeglab/test.bdf", 120));
        timed("mne bdf", () -> edfFamily("eeg/mne-python/test.bdf", 100));
        timed("hypnogram", () -> edfFamily("eeg/physionet-sleep-edfx/SC4001EC-Hypnogram.edf", 120));
        timed("physionet", () -> edfFamily("eeg/physionet-eegmmidb/S001R04.edf", 40));
        timed("brainvision", () -> brainVision(200));
        timed("eeglab", () -> eeglab(60));
        timed("mat v5", () -> matlab(Golden.file("S02_1.mat"), "S02_1.mat", 60));
        timed("mat v7.3", () -> matlab(Golden.file("S01_1.mat"), "S01_1.mat", 40));
        timed("bids", () -> bidsTables(100));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("fuzz: %d mutations in %.1f s: %s; seconds per family %s%n", mutations, seconds, outcomes, times);
        assertThat(failures).as("mutations that did not end in a clean read or a clean error").isEmpty();
        assertThat(mutations).isGreaterThanOrEqualTo(1000);
        assertThat(outcomes).containsKeys("READ", "FORMAT_ERROR");
    }

    /** EDF/BDF: truncations, header byte flips, damaged numeric fields, swapped fields, damaged data. */
    private void edfFamily(String rel, int count) throws Exception {
        byte[] orig = Files.readAllBytes(RealData.file(rel));
        String name = Path.of(rel).getFileName().toString();
        int ns = Integer.parseInt(new String(orig, 252, 4, StandardCharsets.US_ASCII).strip());
        int header = 256 * (ns + 1);
        Path dir = Files.createDirectories(tmp.resolve("edf-" + name));
        String[] numbers = {"-1", "0", "1", "-99999999", "99999999", "1e308", "nan", "", "3.5", "+2", "0x10", "-0", "2147483648"};
        int[] widths = {8, 8, 8, 8, 8, 8, 4};
        int[] fixedAt = {168, 176, 184, 236, 244, 236, 252};
        for (int i = 0; i < count; i++) {
            byte[] b = orig.clone();
            int kind = rnd.nextInt(6);
            String what = rel + " #" + i + " ";
            switch (kind) {
                case 0 -> {
                    int cut = rnd.nextBoolean() ? rnd.nextInt(Math.min(orig.length, header + 600)) : rnd.nextInt(orig.length);
                    b = Arrays.copyOf(orig, cut);
                    what += "truncated to " + cut;
                }
                case 1 -> {
                    int k = 1 + rnd.nextInt(4);
                    what += "header bytes flipped:";
                    for (int j = 0; j < k; j++) {
                        int at = rnd.nextInt(header);
                        b[at] = (byte) rnd.nextInt(256);
                        what += " " + at;
                    }
                }
                case 2 -> {
                    boolean fixed = rnd.nextInt(3) == 0;
                    int at;
                    int w;
                    if (fixed) {
                        int f = rnd.nextInt(fixedAt.length);
                        at = fixedAt[f];
                        w = widths[f];
                    } else {
                        // a numeric per-signal field: physical/digital min/max or samples per record
                        int[] offsets = {104, 112, 120, 128, 216};
                        int f = rnd.nextInt(offsets.length);
                        at = 256 + offsets[f] * ns + 8 * rnd.nextInt(ns);
                        w = 8;
                    }
                    String v = rnd.nextInt(4) == 0 ? Integer.toString(rnd.nextInt(2_000_000) - 1_000_000)
                            : numbers[rnd.nextInt(numbers.length)];
                    byte[] field = (v + " ".repeat(w)).substring(0, w).getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(field, 0, b, at, w);
                    what += "field at " + at + " = '" + v + "'";
                }
                case 3 -> {
                    // swap two 8-byte header fields (fixed or per-signal)
                    int a = 168 + 8 * rnd.nextInt((header - 168) / 8 - 1);
                    int c = 168 + 8 * rnd.nextInt((header - 168) / 8 - 1);
                    byte[] t = Arrays.copyOfRange(b, a, a + 8);
                    System.arraycopy(b, c, b, a, 8);
                    System.arraycopy(t, 0, b, c, 8);
                    what += "swapped fields at " + a + " and " + c;
                }
                case 4 -> {
                    // swap the whole blocks of two per-signal field kinds for one signal pair
                    int s1 = rnd.nextInt(ns);
                    int s2 = rnd.nextInt(ns);
                    int base = 256 + 16 * ns + 80 * ns; // physical dimension block onwards
                    for (int f = 0; f < 6; f++) {
                        int a = base + f * 8 * ns + 8 * s1;
                        int c = base + f * 8 * ns + 8 * s2;
                        if (rnd.nextBoolean()) {
                            byte[] t = Arrays.copyOfRange(b, a, a + 8);
                            System.arraycopy(b, c, b, a, 8);
                            System.arraycopy(t, 0, b, c, 8);
                        }
                    }
                    what += "shuffled signal fields of " + s1 + " and " + s2;
                }
                default -> {
                    int k = 1 + rnd.nextInt(16);
                    for (int j = 0; j < k && orig.length > header; j++) {
                        b[header + rnd.nextInt(orig.length - header)] = (byte) rnd.nextInt(256);
                    }
                    what += k + " data bytes flipped";
                }
            }
            check(what, dir, name, b);
        }
    }

    /** BrainVision: damaged header and marker lines, truncated or missing data. */
    private void brainVision(int count) throws Exception {
        Path src = RealData.file("eeg/mne-python/brainvision");
        byte[] vhdr = Files.readAllBytes(src.resolve("test.vhdr"));
        byte[] vmrk = Files.readAllBytes(src.resolve("test.vmrk"));
        byte[] eeg = Files.readAllBytes(src.resolve("test.eeg"));
        String[] tokens = {"", "-1", "0", "99999999999", "x", "IEEE_FLOAT_32", "INT_32", "VECTORIZED", "MULTIPLEXED",
            "nope.eeg", "1e9", "0.0", ",,,", "\\1", "ASCII"};
        Path shared = Files.createDirectories(tmp.resolve("bv"));
        Files.write(shared.resolve("test.eeg"), eeg);
        for (int i = 0; i < count; i++) {
            byte[] h = vhdr;
            byte[] m = vmrk;
            byte[] d = eeg;
            String what = "brainvision #" + i + " ";
            int kind = rnd.nextInt(6);
            switch (kind) {
                case 0 -> {
                    h = lines(vhdr, rnd, tokens);
                    what += "header lines edited";
                }
                case 1 -> {
                    m = lines(vmrk, rnd, tokens);
                    what += "marker lines edited";
                }
                case 2 -> {
                    d = Arrays.copyOf(eeg, rnd.nextInt(eeg.length));
                    what += "data truncated to " + d.length;
                }
                case 3 -> {
                    h = vhdr.clone();
                    for (int j = 0; j < 1 + rnd.nextInt(4); j++) {
                        h[rnd.nextInt(h.length)] = (byte) rnd.nextInt(256);
                    }
                    what += "header bytes flipped";
                }
                case 4 -> {
                    h = Arrays.copyOf(vhdr, rnd.nextInt(vhdr.length));
                    what += "header truncated to " + h.length;
                }
                default -> {
                    m = vmrk.clone();
                    for (int j = 0; j < 1 + rnd.nextInt(4); j++) {
                        m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
                    }
                    what += "marker bytes flipped";
                }
            }
            Path dir = shared;
            if (kind == 2) {
                dir = Files.createDirectories(tmp.resolve("bv" + i));
                if (rnd.nextInt(8) != 0) {
                    Files.write(dir.resolve("test.eeg"), d);
                } else {
                    what += " (data file missing)";
                }
            }
            Files.write(dir.resolve("test.vmrk"), m);
            check(what, dir, "test.vhdr", h);
        }
    }

    /** Deletes, duplicates, swaps or rewrites lines of a text file. */
    private static byte[] lines(byte[] text, Random rnd, String[] tokens) {
        List<String> l = new ArrayList<>(List.of(new String(text, StandardCharsets.UTF_8).split("\n", -1)));
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits && !l.isEmpty(); e++) {
            int a = rnd.nextInt(l.size());
            int b = rnd.nextInt(l.size());
            switch (rnd.nextInt(4)) {
                case 0 -> l.remove(a);
                case 1 -> l.add(b, l.get(a));
                case 2 -> {
                    String t = l.get(a);
                    l.set(a, l.get(b));
                    l.set(b, t);
                }
                default -> {
                    String line = l.get(a);
                    int eq = line.indexOf('=');
                    String tok = tokens[rnd.nextInt(tokens.length)];
                    l.set(a, eq >= 0 ? line.substring(0, eq + 1) + (rnd.nextBoolean() ? tok : line.substring(eq + 1) + "," + tok) : tok);
                }
            }
        }
        return String.join("\n", l).getBytes(StandardCharsets.UTF_8);
    }

    /** EEGLAB: flipped and truncated .set (MAT v5), truncated or missing .fdt. */
    private void eeglab(int count) throws Exception {
        byte[] set = Files.readAllBytes(RealData.file("eeg/eeglab/eeglab_data.set"));
        byte[] fdt = Files.readAllBytes(RealData.file("eeg/eeglab/eeglab_data.fdt"));
        Path shared = Files.createDirectories(tmp.resolve("set"));
        Files.write(shared.resolve("eeglab_data.fdt"), fdt);
        for (int i = 0; i < count; i++) {
            byte[] s = set;
            byte[] f = fdt;
            String what = "eeglab #" + i + " ";
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    s = set.clone();
                    int k = 1 + rnd.nextInt(6);
                    for (int j = 0; j < k; j++) {
                        int at = rnd.nextBoolean() ? 116 + rnd.nextInt(400) : rnd.nextInt(set.length);
                        s[at] = (byte) rnd.nextInt(256);
                    }
                    what += k + " .set bytes flipped";
                }
                case 1 -> {
                    s = Arrays.copyOf(set, rnd.nextInt(set.length));
                    what += ".set truncated to " + s.length;
                }
                case 2 -> {
                    f = Arrays.copyOf(fdt, rnd.nextInt(fdt.length));
                    what += ".fdt truncated to " + f.length;
                }
                default -> {
                    s = set.clone();
                    // a tag's byte count or a dimension in the first elements
                    int at = 128 + 4 * rnd.nextInt(64);
                    int v = rnd.nextInt(3) == 0 ? -1 : rnd.nextInt();
                    s[at] = (byte) v;
                    s[at + 1] = (byte) (v >> 8);
                    s[at + 2] = (byte) (v >> 16);
                    s[at + 3] = (byte) (v >> 24);
                    what += "int32 at " + at + " = " + v;
                }
            }
            Path dir = shared;
            if (f != fdt) {
                dir = Files.createDirectories(tmp.resolve("set" + i));
                Files.write(dir.resolve("eeglab_data.fdt"), f);
            }
            check(what, dir, "eeglab_data.set", s);
        }
    }

    /** MAT files (v5 through mfl-core, v7.3 through jhdf): flips and truncations. */
    private void matlab(Path file, String name, int count) throws Exception {
        byte[] orig = Files.readAllBytes(file);
        Path dir = Files.createDirectories(tmp.resolve("mat-" + name));
        for (int i = 0; i < count; i++) {
            byte[] b = orig.clone();
            String what = name + " #" + i + " ";
            if (rnd.nextInt(3) == 0) {
                b = Arrays.copyOf(orig, rnd.nextInt(orig.length));
                what += "truncated to " + b.length;
            } else {
                int k = 1 + rnd.nextInt(6);
                for (int j = 0; j < k; j++) {
                    b[rnd.nextInt(Math.min(b.length, 4096))] = (byte) rnd.nextInt(256);
                }
                what += k + " bytes flipped in the first 4 KB";
            }
            check(what, dir, name, b);
        }
    }

    /** BIDS tables: flipped bytes (invalid UTF-8 included) and edited lines read leniently or fail cleanly. */
    private void bidsTables(int count) throws Exception {
        byte[] orig = Files.readAllBytes(RealData.file("bids/ds003720/sub-001/func/sub-001_task-Training_run-04_events.tsv"));
        Path dir = Files.createDirectories(tmp.resolve("bids"));
        for (int i = 0; i < count; i++) {
            mutations++;
            byte[] b = rnd.nextBoolean() ? lines(orig, rnd, new String[] {"", "\t\t", "'x", "\"", "n/a"}) : orig.clone();
            for (int j = 0; j < rnd.nextInt(3); j++) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            Path f = Files.write(dir.resolve("t" + i + "_events.tsv"), b);
            try {
                BidsTsv.read(f, w -> { });
                outcomes.merge("READ", 1, Integer::sum);
            } catch (FileFormatError e) {
                outcomes.merge("FORMAT_ERROR", 1, Integer::sum);
            } catch (Exception | Error e) {
                failures.add("events.tsv #" + i + ": " + e);
            }
        }
    }
}
