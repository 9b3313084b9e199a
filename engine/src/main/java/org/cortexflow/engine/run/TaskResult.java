package org.cortexflow.engine.run;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.cache.Digest;

/**
 * The end of one task in one run.
 *
 * @param key the task's cache key (empty when it never got one, e.g. skipped)
 * @param outputs output name to content digest
 * @param error what went wrong, for FAILED and SKIPPED
 * @param logTail the last lines of the task's log, for FAILED
 * @param keptSandbox the failed attempt's sandbox, kept for inspection
 */
public record TaskResult(String taskId, String type, TaskStatus status, Optional<Digest> key, Map<String, Digest> outputs,
                         Instant start, Instant end, int attempts, int cpus, List<String> gpus, long peakRssKb,
                         String error, List<String> logTail, Optional<Path> keptSandbox, Optional<Path> log) {

    public long millis() {
        return end.toEpochMilli() - start.toEpochMilli();
    }
}
