import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.cortexflow.tasks.models.Architecture;
import org.cortexflow.tasks.models.Losses;
import org.cortexflow.tasks.models.ModelBackend;
import org.cortexflow.tasks.models.Network;
import org.cortexflow.tasks.models.NetworkSpec;
import org.cortexflow.tasks.models.nd4j.Nd4jBackend;

/**
 * Does the thread budget hold in-process? Trains the compact network (batch 32 x 128 x 375) after
 * ModelBackend.bind(cpus) and reads every thread's CPU time from /proc/self/task: how many threads
 * did the work, and how much CPU a step cost against its wall time (idle OpenMP workers that spin
 * show up as CPU time). Usage: java -cp CLASSPATH ThreadBudgetBench.java CPUS ITERS
 */
public class ThreadBudgetBench {
    public static void main(String[] a) throws Exception {
        int cpus = Integer.parseInt(a[0]);
        int iters = Integer.parseInt(a[1]);
        ModelBackend backend = new Nd4jBackend();
        String bound = backend.bind(cpus, List.of());
        int batch = 32;
        Network net = backend.create(NetworkSpec.predann(Architecture.COMPACT, 128, 375, 10, 100), ModelBackend.Optimizer.adam(3e-3), 1);
        Random r = new Random(1);
        float[] x = new float[batch * 128 * 375];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = i % 10;
        }
        net.trainStep(x, batch, 0, o -> Losses.combined(o, y, null, Losses.Kind.INFONCE, 0, 0.5, null));
        Map<String, Long> before = threadTicks();
        long t0 = System.nanoTime();
        for (int it = 1; it <= iters; it++) {
            net.trainStep(x, batch, it, o -> Losses.combined(o, y, null, Losses.Kind.INFONCE, 0, 0.5, null));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> after = threadTicks();
        long total = 0;
        int busy = 0;
        StringBuilder who = new StringBuilder();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            total += d;
        }
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (d > 0.05 * total) {
                busy++;
                String name = Files.readString(Path.of("/proc/self/task", e.getKey(), "comm")).trim();
                who.append(who.length() == 0 ? "" : ", ").append(name).append(' ').append(Math.round(100.0 * d / total)).append('%');
            }
        }
        System.out.printf("{\"cpus\": %d, \"omp_wait_policy_env\": \"%s\", \"wall_ms_per_step\": %.0f, \"cpu_ms_per_step\": %.0f, "
                + "\"cpu_over_wall\": %.2f, \"threads_doing_5pct_or_more\": %d, \"threads\": \"%s\", \"bound\": \"%s\"}%n", cpus,
                String.valueOf(System.getenv("OMP_WAIT_POLICY")), wall * 1000 / iters, total * 10.0 / iters,
                total / 100.0 / wall, busy, who, bound);
    }

    /** utime + stime (clock ticks) of every thread of this process. */
    static Map<String, Long> threadTicks() throws Exception {
        Map<String, Long> m = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String s = Files.readString(t.resolve("stat"));
                    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                    m.put(t.getFileName().toString(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (java.io.IOException e) {
                    // the thread exited
                }
            }
        }
        return m;
    }
}
