package org.cortexflow.cli;

import java.nio.file.Path;
import org.cortexflow.cache.ContentStore;
import org.cortexflow.engine.model.Units;
import org.cortexflow.engine.model.UserError;
import org.cortexflow.engine.run.GpuInventory;
import org.cortexflow.engine.run.ResourcePool;
import picocli.CommandLine.Option;

/** Options every command shares: where the store is, what the host offers. */
final class HostOptions {

    @Option(names = "--store", paramLabel = "DIR", description = "cache store and run history (default: .cortexflow)")
    Path store = Path.of(".cortexflow");

    @Option(names = "--cpus", paramLabel = "N", description = "CPU slots to use (default: all cores)")
    int cpus = Runtime.getRuntime().availableProcessors();

    @Option(names = "--memory", paramLabel = "SIZE", description = "memory to hand out to tasks, e.g. 16G (default: not tracked)")
    String memory = "0";

    @Option(names = "--gpus", paramLabel = "IDS", description = "GPU device ids, e.g. 0,1 (default: from nvidia-smi if present)")
    String gpus;

    @Option(names = "--gpu-share", paramLabel = "N", description = "tasks that may share one GPU (default: 1)")
    int gpuShare = 1;

    @Option(names = "--debug", description = "print stack traces of errors")
    boolean debug;

    ContentStore openStore() {
        return ContentStore.open(store);
    }

    GpuInventory gpuInventory() {
        if (gpuShare < 1) {
            throw new UserError("--gpu-share must be at least 1", "");
        }
        return gpus == null ? GpuInventory.detect() : GpuInventory.declared(gpus, gpuShare);
    }

    ResourcePool pool(GpuInventory inventory) {
        if (cpus < 1) {
            throw new UserError("--cpus must be at least 1", "");
        }
        long mem = Units.parseSize(memory).orElseThrow(() -> new UserError("--memory: not a size: " + memory,
                "write it like 16G or 512M"));
        return new ResourcePool(cpus, mem, inventory);
    }
}
