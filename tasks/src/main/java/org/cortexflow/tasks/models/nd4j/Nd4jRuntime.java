package org.cortexflow.tasks.models.nd4j;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Loads ND4J once per process and sets its threads per task.
 *
 * <p>OpenMP (libgomp, bundled with the native library) reads {@code OMP_WAIT_POLICY} once, when it
 * is loaded. Its default lets idle worker threads spin, which stalls training on a machine whose
 * cores are busy with other tasks (seconds per step instead of milliseconds). The launcher exports
 * {@code OMP_WAIT_POLICY=PASSIVE}; where the JVM was started some other way, this class puts it into
 * the process environment (libc {@code setenv}) before the native library is loaded, which is the
 * only moment it has an effect.
 */
final class Nd4jRuntime {

    private static volatile boolean loaded;
    private static String waitPolicy = "";

    private Nd4jRuntime() {
    }

    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /** Loads the native backend (first call only), after fixing the OpenMP wait policy. */
    static synchronized void load() {
        if (loaded) {
            return;
        }
        String policy = System.getenv("OMP_WAIT_POLICY");
        if (policy == null || policy.isEmpty()) {
            try {
                LibC c = Native.loadLibrary("c", LibC.class);
                c.setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
                policy = "PASSIVE (set in-process)";
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                policy = "unset (could not set it: " + e.getMessage() + ")";
            }
        }
        waitPolicy = policy;
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.create(DataType.FLOAT, 1); // loads and initialises the native library now
        loaded = true;
    }

    static String waitPolicy() {
        return waitPolicy;
    }

    /**
     * Threads for work started from the calling thread. OpenMP's thread count is a per-thread
     * setting (the calling thread's ICV), so two tasks in one JVM keep their own budgets for
     * OpenMP-parallel kernels (oneDNN convolutions); ND4J's own pool and OpenBLAS have one
     * process-wide setting, which the last task to start sets.
     */
    static String threads(int cpus) {
        load();
        int n = Math.max(1, cpus);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
        return "threads " + n + " (OpenMP, ND4J, OpenBLAS), OMP_WAIT_POLICY " + waitPolicy;
    }

    /** Whether the loaded ND4J backend is the CUDA one. */
    static boolean cuda() {
        load();
        String backend = String.valueOf(Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend"));
        return backend.equalsIgnoreCase("CUDA");
    }

    /** Binds the calling thread to the first granted device, on the CUDA backend; nothing on CPU. */
    static String device(List<String> gpus) {
        if (gpus.isEmpty() || !cuda()) {
            return "device cpu";
        }
        int id = Integer.parseInt(gpus.get(0).trim());
        Nd4j.getAffinityManager().unsafeSetDevice(id);
        return "device cuda:" + id;
    }
}
