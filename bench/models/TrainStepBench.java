import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.cortexflow.tasks.models.Architecture;
import org.cortexflow.tasks.models.Losses;
import org.cortexflow.tasks.models.ModelBackend;
import org.cortexflow.tasks.models.Network;
import org.cortexflow.tasks.models.NetworkSpec;
import org.cortexflow.tasks.models.nd4j.Nd4jBackend;

/**
 * One training step of the PredANN SampleCNN2D (CE + 0.05 * InfoNCE, Adam 3e-3) on random data, as
 * student.train runs it: timed per iteration after warm-up, wall and process CPU time.
 * Usage: java -cp CLASSPATH TrainStepBench.java ARCH BATCH HEIGHT WIDTH ITERS WARMUP THREADS
 * Prints one JSON line.
 */
public class TrainStepBench {
    public static void main(String[] a) throws Exception {
        Architecture arch = Architecture.parse(a[0]);
        int batch = Integer.parseInt(a[1]);
        int h = Integer.parseInt(a[2]);
        int w = Integer.parseInt(a[3]);
        int iters = Integer.parseInt(a[4]);
        int warm = Integer.parseInt(a[5]);
        int threads = Integer.parseInt(a[6]);
        ModelBackend backend = new Nd4jBackend();
        String bound = backend.bind(threads, List.of());
        Network net = backend.create(NetworkSpec.predann(arch, h, w, 10, 100), ModelBackend.Optimizer.adam(3e-3), 42);
        Random r = new Random(1);
        float[] x = new float[batch * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        int[] labels = new int[batch];
        float[] targets = new float[batch * 100];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % 10;
        }
        for (int i = 0; i < targets.length; i++) {
            targets[i] = (float) r.nextGaussian();
        }
        double[] wall = new double[iters];
        double[] cpu = new double[iters];
        for (int it = 0; it < warm + iters; it++) {
            long t0 = System.nanoTime();
            double c0 = cpuSeconds();
            net.trainStep(x, batch, it, out -> Losses.combined(out, labels, targets, Losses.Kind.INFONCE, 0.05, 0.5, null));
            if (it >= warm) {
                wall[it - warm] = (System.nanoTime() - t0) / 1e6;
                cpu[it - warm] = (cpuSeconds() - c0) * 1e3;
            }
        }
        java.util.Arrays.sort(wall);
        System.out.printf("{\"peer\": \"cortexflow\", \"arch\": \"%s\", \"params\": %d, \"median_ms\": %.1f, \"min_ms\": %.1f, "
                + "\"cpu_ms\": %.1f, \"bound\": \"%s\"}%n", arch.label(), net.parameterCount(), wall[iters / 2], wall[0],
                mean(cpu), bound);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** utime + stime of this process, every thread, from /proc. */
    static double cpuSeconds() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }
}
