package org.cortexflow.tasks.signal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cortexflow.tasks.artifact.Event;
import org.cortexflow.tasks.artifact.EpochsWriter;

/** What one eeg.epoch run shares between its parts: the input set, the stimuli, the writer, the accounts. */
final class EpochRun {

    final EegSet set;
    final Stimuli stimuli;
    final EpochsWriter writer;
    final PrintStream log;
    /** Counts of dropped epochs by reason, in the order reasons first appear. */
    final Map<String, Long> dropped = new LinkedHashMap<>();
    /** One entry per dropped epoch (recording, onset, value, reasons), for meta.json. */
    final List<Map<String, Object>> dropLog = new ArrayList<>();
    /** (recording, subject, stimulus) triples with no onset in their recording. */
    final List<Map<String, String>> missing = new ArrayList<>();
    /** Extra meta.json entries each mode adds (its parameters and counts). */
    final Map<String, Object> meta = new TreeMap<>();

    EpochRun(EegSet set, Stimuli stimuli, EpochsWriter writer, PrintStream log) {
        this.set = set;
        this.stimuli = stimuli;
        this.writer = writer;
        this.log = log;
    }

    void drop(EegSet.Entry rec, long onset, String value, String category, List<String> reasons) {
        dropped.merge(category, 1L, Long::sum);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("recording", rec.id());
        d.put("onset_sample", onset);
        d.put("value", value);
        d.put("reasons", reasons);
        dropLog.add(d);
    }

    /** The stimulus onsets of a recording, in time order, each stimulus id at most once per the contract. */
    List<Event> onsets(List<Event> events) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (stimuli.contains(e.value())) {
                out.add(e);
            }
        }
        out.sort(java.util.Comparator.comparingLong(Event::onsetSample));
        return out;
    }

    /** Reports the stimuli that have no onset in a recording. */
    void reportMissing(EegSet.Entry rec, List<Event> onsets) {
        for (String s : stimuli.classes()) {
            if (onsets.stream().noneMatch(e -> e.value().equals(s))) {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("recording", rec.id());
                m.put("subject", rec.subject());
                m.put("stimulus", s);
                missing.add(m);
                log.println("recording " + rec.label() + " (subject " + (rec.subject().isEmpty() ? "n/a" : rec.subject())
                        + "): no onset event for stimulus " + s);
            }
        }
    }

    static long samples(double seconds, double sfreq) {
        return Math.round(seconds * sfreq);
    }
}
