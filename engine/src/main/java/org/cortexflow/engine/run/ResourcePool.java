package org.cortexflow.engine.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.engine.model.Resources;

/**
 * The host's CPU slots, memory and GPU devices. A task starts only with a {@link Grant}; GPUs are
 * granted as specific device ids, never as a count.
 */
public final class ResourcePool {

    /** What one task was given. */
    public record Grant(int cpus, long memoryBytes, List<String> gpus) {
    }

    private final int totalCpus;
    private final long totalMemory;
    private final GpuInventory inventory;
    private int freeCpus;
    private long freeMemory;
    private final Map<String, Integer> freeGpuSlots = new LinkedHashMap<>();

    /** @param memoryBytes memory to hand out; 0 means memory is not tracked */
    public ResourcePool(int cpus, long memoryBytes, GpuInventory inventory) {
        this.totalCpus = cpus;
        this.totalMemory = memoryBytes;
        this.inventory = inventory;
        this.freeCpus = cpus;
        this.freeMemory = memoryBytes;
        inventory.devices().forEach(d -> freeGpuSlots.put(d, inventory.slotsPerDevice()));
    }

    public int totalCpus() {
        return totalCpus;
    }

    public GpuInventory inventory() {
        return inventory;
    }

    /** CPU slots free now; every task needs at least one. */
    public synchronized int freeCpus() {
        return freeCpus;
    }

    /** CPUs a request will actually get: no more than the host has. */
    public int cpusFor(Resources r) {
        return Math.max(1, Math.min(r.cpus(), totalCpus));
    }

    /** A grant if everything asked for is free now. */
    public synchronized Optional<Grant> tryAcquire(Resources r) {
        int cpus = cpusFor(r);
        long memory = totalMemory == 0 ? 0 : Math.min(r.memoryBytes(), totalMemory);
        int gpusWanted = r.gpus();
        if (gpusWanted > 0 && r.gpuOptional() && inventory.count() == 0) {
            gpusWanted = 0; // optional GPU on a host without one: run on CPU
        }
        if (cpus > freeCpus || memory > freeMemory) {
            return Optional.empty();
        }
        List<String> devices = new ArrayList<>();
        for (var slot : freeGpuSlots.entrySet()) {
            if (devices.size() == gpusWanted) {
                break;
            }
            if (slot.getValue() > 0) {
                devices.add(slot.getKey());
            }
        }
        if (devices.size() < gpusWanted) {
            return Optional.empty();
        }
        freeCpus -= cpus;
        freeMemory -= memory;
        devices.forEach(d -> freeGpuSlots.merge(d, -1, Integer::sum));
        return Optional.of(new Grant(cpus, memory, List.copyOf(devices)));
    }

    public synchronized void release(Grant g) {
        freeCpus += g.cpus();
        freeMemory += g.memoryBytes();
        g.gpus().forEach(d -> freeGpuSlots.merge(d, 1, Integer::sum));
    }
}
