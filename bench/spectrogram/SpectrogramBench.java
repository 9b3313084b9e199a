import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * One timed run of cortexflow's audio.spectrogram on the benchmark's audio set, in process through
 * the CLI's exec command (the same code path as `cortexflow exec`). A warm-up run on a few clips
 * first lets the JIT compile, as the Python side's untimed warm-up clip does.
 * Usage: java -cp CLASSPATH SpectrogramBench.java CLIPS_DIR WARMUP_DIR OUT_DIR THREADS
 */
public class SpectrogramBench {
    public static void main(String[] a) throws Exception {
        String clips = a[0];
        String warm = a[1];
        Path out = Path.of(a[2]);
        String cpus = a[3];
        String[] params = {"--param", "n_fft=2048", "--param", "hop=512", "--param", "n_mels=128",
            "--param", "mel_scale=slaney", "--param", "norm=slaney", "--param", "power=2"};
        for (int i = 0; i < 2; i++) {
            clean(out);
            run(warm, out, cpus, params);
        }
        clean(out);
        long t0 = System.nanoTime();
        int rc = run(clips, out, cpus, params);
        double s = (System.nanoTime() - t0) / 1e9;
        long n = Files.readAllLines(Path.of(clips, "clips.tsv")).size() - 1;
        System.out.printf("{\"peer\": \"cortexflow\", \"clips\": %d, \"seconds\": %.4f, \"clips_per_s\": %.2f, \"rc\": %d}%n",
                n, s, n / s, rc);
    }

    static int run(String clips, Path out, String cpus, String[] params) {
        String[] args = new String[6 + params.length];
        args[0] = "exec";
        args[1] = "audio.spectrogram";
        args[2] = "--input=audio=" + clips;
        args[3] = "--out=" + out;
        args[4] = "--cpus";
        args[5] = cpus;
        System.arraycopy(params, 0, args, 6, params.length);
        java.io.PrintStream o = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            return org.cortexflow.cli.Main.execute(args);
        } finally {
            System.setOut(o);
        }
    }

    static void clean(Path out) throws Exception {
        if (Files.exists(out)) {
            try (var w = Files.walk(out)) {
                w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
