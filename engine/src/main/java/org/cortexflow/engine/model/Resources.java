package org.cortexflow.engine.model;

/**
 * What a task asks of the host. Never part of a cache key.
 *
 * @param cpus CPU slots; also the task's thread budget
 * @param memoryBytes memory reserved in the slot pool; 0 reserves none
 * @param gpus GPU devices wanted
 * @param gpuOptional when true the task runs on CPU if no device is free or none exists
 */
public record Resources(int cpus, long memoryBytes, int gpus, boolean gpuOptional) {

    public static final Resources DEFAULT = new Resources(1, 0, 0, false);

    /** Written out: a record's is linked through method handles, which C1-compiled code calls slowly. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Resources r && cpus == r.cpus && memoryBytes == r.memoryBytes && gpus == r.gpus
                && gpuOptional == r.gpuOptional;
    }

    @Override
    public int hashCode() {
        return ((31 * cpus + Long.hashCode(memoryBytes)) * 31 + gpus) * 31 + (gpuOptional ? 1 : 0);
    }

    public String display() {
        StringBuilder sb = new StringBuilder("cpus=").append(cpus);
        if (memoryBytes > 0) {
            sb.append(" memory=").append(Units.formatSize(memoryBytes));
        }
        if (gpus > 0) {
            sb.append(" gpu=").append(gpus).append(gpuOptional ? " (optional)" : "");
        }
        return sb.toString();
    }
}
