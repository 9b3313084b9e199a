package org.cortexflow.engine.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.cache.ContentStore;
import org.cortexflow.cache.Digest;
import org.cortexflow.cache.Entry;
import org.cortexflow.engine.model.InputRef;
import org.cortexflow.engine.plan.Plan;
import org.cortexflow.engine.plan.PlannedTask;

/**
 * Says, for every task, whether the next run will compute it and why, from the same key
 * components the run uses: the current components against those of the task's last execution.
 */
public final class Explainer {

    /** The answer for one task. */
    public record Verdict(String taskId, boolean willRun, Optional<Digest> key, List<String> reasons) {
    }

    private final Plan plan;
    private final ContentStore store;
    private final RunHistory history;
    private final KeyBuilder keys;

    public Explainer(Plan plan, ContentStore store, RunHistory history) {
        this.plan = plan;
        this.store = store;
        this.history = history;
        this.keys = new KeyBuilder(store.digester());
    }

    /** Verdicts for every task, in topological order. */
    public Map<String, Verdict> explainAll() {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        Map<String, Entry> cached = new HashMap<>();
        for (String id : plan.topologicalOrder()) {
            PlannedTask t = plan.task(id);
            List<String> reasons = new ArrayList<>();
            Map<String, Digest> inputs = new LinkedHashMap<>();
            for (var in : t.spec().inputs().entrySet()) {
                InputRef ref = in.getValue();
                Entry up = cached.get(ref.task());
                if (up == null) {
                    reasons.add("input " + in.getKey() + " comes from '" + ref.task() + "', which will run; if its output"
                            + " bytes come out unchanged, this task stays cached (early cutoff)");
                } else {
                    String out = ref.output().orElseGet(() -> plan.task(ref.task()).type().outputs().get(0).name());
                    inputs.put(in.getKey(), up.outputs().get(out));
                }
            }
            if (!reasons.isEmpty()) {
                verdicts.put(id, new Verdict(id, true, Optional.empty(), reasons));
                continue;
            }
            KeyComponents components = keys.components(t, inputs);
            Digest key = components.key();
            Optional<Entry> hit = store.lookup(key);
            if (hit.isPresent()) {
                cached.put(id, hit.get());
                verdicts.put(id, new Verdict(id, false, Optional.of(key),
                        List.of("cached: key " + key.brief() + " is in the store")));
                continue;
            }
            Optional<RunHistory.PreviousKey> previous = history.previousKey(plan.workflow().name(), id);
            if (previous.isEmpty()) {
                reasons.add("no earlier run of workflow '" + plan.workflow().name() + "' computed task '" + id + "'");
            } else if (previous.get().key().equals(key)) {
                reasons.add("its key " + key.brief() + " is unchanged, but the entry is gone from the store (removed by"
                        + " cache gc or quarantined by cache verify)");
            } else if (previous.get().components().isEmpty()) {
                reasons.add("key changed " + previous.get().key().brief() + " -> " + key.brief()
                        + " (the old key's components are no longer on record)");
            } else {
                List<String> diff = components.differencesFrom(previous.get().components().get());
                reasons.add("key changed " + previous.get().key().brief() + " -> " + key.brief() + ":");
                diff.forEach(d -> reasons.add("  " + d));
            }
            verdicts.put(id, new Verdict(id, true, Optional.of(key), reasons));
        }
        return verdicts;
    }
}
