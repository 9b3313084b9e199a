package org.cortexflow.tasks.signal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.EegRecording;
import org.cortexflow.tasks.artifact.EpochRow;
import org.cortexflow.tasks.artifact.Event;

/**
 * Event-locked epochs; matches mne.Epochs (MNE 1.3): samples round(tmin * sfreq) .. round(tmax * sfreq)
 * around each selected event (both ends included), baseline as mne.baseline.rescale(mode='mean'),
 * peak-to-peak {@code reject} and {@code flat} thresholds per channel type, and the drop log's
 * reasons (NO_DATA, TOO_SHORT, channel names).
 */
final class EventEpochs {

    /**
     * @param baseline {@code [start, end]} in seconds, NaN meaning the epoch's edge; null for none
     * @param reject peak-to-peak maximum per channel type (lower case: eeg, eog, ...), in the data's unit
     * @param flat peak-to-peak minimum per channel type
     */
    record Settings(double tmin, double tmax, double[] baseline, Map<String, Double> reject, Map<String, Double> flat,
                    double delay) {
    }

    private EventEpochs() {
    }

    static void run(EpochRun run, Settings s, boolean allEvents) throws IOException, TaskFailure {
        double fs = run.set.sfreq();
        long first = Math.round(s.tmin() * fs);
        long last = Math.round(s.tmax() * fs);
        if (last < first) {
            throw new TaskFailure("tmax " + s.tmax() + " s is before tmin " + s.tmin() + " s");
        }
        int n = Math.toIntExact(last - first + 1);
        double[] times = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = (first + i) / fs;
        }
        int b0 = 0;
        int b1 = 0;
        if (s.baseline() != null) {
            double bmin = s.baseline()[0];
            double bmax = s.baseline()[1];
            if (!Double.isNaN(bmin) && !Double.isNaN(bmax) && bmin > bmax) {
                throw new TaskFailure("baseline start " + bmin + " s is after its end " + bmax + " s");
            }
            if (!Double.isNaN(bmin) && bmin < times[0] - 0.5 / fs || !Double.isNaN(bmax) && bmax > times[n - 1] + 0.5 / fs) {
                throw new TaskFailure("baseline " + java.util.Arrays.toString(s.baseline()) + " s lies outside the epoch ["
                        + times[0] + ", " + times[n - 1] + "] s");
            }
            // mne.baseline.rescale: first index with t >= bmin, last with t <= bmax
            b0 = Double.isNaN(bmin) ? 0 : firstAtLeast(times, bmin);
            b1 = Double.isNaN(bmax) ? n : lastAtMost(times, bmax) + 1;
            if (b1 <= b0) {
                throw new TaskFailure("baseline " + java.util.Arrays.toString(s.baseline()) + " s holds no sample");
            }
        }
        List<Channel> channels = run.set.dataChannels();
        int nc = channels.size();
        checkTypes(s.reject(), channels, "reject");
        checkTypes(s.flat(), channels, "flat");
        float[] buf = new float[nc * n];
        double[] row = new double[n];
        long kept = 0;
        long selected = 0;
        for (EegSet.Entry rec : run.set.entries()) {
            try (EegRecording r = EegRecording.open(rec.dir())) {
                List<Event> events = new ArrayList<>();
                for (Event e : r.events()) {
                    if (allEvents || run.stimuli.contains(e.value())) {
                        events.add(e);
                    }
                }
                events.sort(java.util.Comparator.comparingLong(Event::onsetSample));
                for (Event e : events) {
                    selected++;
                    long start = e.onsetSample() + first;
                    if (start < 0) {
                        run.drop(rec, e.onsetSample(), e.value(), "out_of_bounds", List.of("NO_DATA"));
                        continue;
                    }
                    if (start + n > r.samples()) {
                        run.drop(rec, e.onsetSample(), e.value(), "out_of_bounds", List.of("TOO_SHORT"));
                        continue;
                    }
                    run.set.read(r, start, n, buf, n, 0);
                    List<String> bad = new ArrayList<>();
                    List<String> flatBad = new ArrayList<>();
                    for (int k = 0; k < nc; k++) {
                        double min = Double.POSITIVE_INFINITY;
                        double max = Double.NEGATIVE_INFINITY;
                        for (int t = 0; t < n; t++) {
                            row[t] = buf[k * n + t];
                            min = Math.min(min, row[t]);
                            max = Math.max(max, row[t]);
                        }
                        double ptp = max - min;
                        String type = channels.get(k).type().toLowerCase(Locale.ROOT);
                        Double rej = s.reject().get(type);
                        if (rej != null && ptp > rej) {
                            bad.add(channels.get(k).name());
                        }
                        Double fl = s.flat().get(type);
                        if (fl != null && ptp < fl) {
                            flatBad.add(channels.get(k).name());
                        }
                        if (s.baseline() != null) {
                            double mean = 0;
                            for (int t = b0; t < b1; t++) {
                                mean += row[t];
                            }
                            mean /= (b1 - b0);
                            for (int t = 0; t < n; t++) {
                                buf[k * n + t] = (float) (row[t] - mean);
                            }
                        }
                    }
                    if (!bad.isEmpty() || !flatBad.isEmpty()) {
                        List<String> reasons = new ArrayList<>(bad);
                        reasons.addAll(flatBad);
                        run.drop(rec, e.onsetSample(), e.value(), bad.isEmpty() ? "flat" : "rejected", reasons);
                        continue;
                    }
                    int label = run.stimuli.label(e.value());
                    double audioOnset = Double.NaN;
                    double audioDur = Double.NaN;
                    if (run.stimuli.duration(e.value()).isPresent()) {
                        audioOnset = first / fs - s.delay();
                        audioDur = n / fs;
                    }
                    run.writer.write(buf, new EpochRow(rec.id(), rec.subject(), e.value(), label, EpochRow.ALL,
                            EpochRow.NONE, EpochRow.NONE, start, audioOnset, audioDur));
                    kept++;
                }
            }
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tmin_s", s.tmin());
        p.put("tmax_s", s.tmax());
        p.put("baseline_s", s.baseline() == null ? null : java.util.Arrays.stream(s.baseline())
                .mapToObj(v -> Double.isNaN(v) ? null : (Object) v).toList());
        p.put("reject", s.reject());
        p.put("flat", s.flat());
        run.meta.put("protocol", "events");
        run.meta.put("params", p);
        run.meta.put("tmin_s", first / fs);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("events_selected", selected);
        counts.put("epochs_kept", kept);
        counts.put("epochs_dropped", selected - kept);
        run.meta.put("counts", counts);
        run.log.printf("events: %d selected, %d epochs of %d samples kept (%.3f .. %.3f s), %d dropped %s%n",
                selected, kept, n, first / fs, last / fs, selected - kept, run.dropped);
    }

    private static void checkTypes(Map<String, Double> thresholds, List<Channel> channels, String what) throws TaskFailure {
        for (String type : thresholds.keySet()) {
            if (channels.stream().noneMatch(c -> c.type().equalsIgnoreCase(type))) {
                throw new TaskFailure(what + " names channel type '" + type + "' but the recordings have none; types: "
                        + channels.stream().map(c -> c.type().toLowerCase(Locale.ROOT)).distinct().toList());
            }
        }
    }

    private static int firstAtLeast(double[] times, double v) {
        for (int i = 0; i < times.length; i++) {
            if (times[i] >= v) {
                return i;
            }
        }
        return times.length;
    }

    private static int lastAtMost(double[] times, double v) {
        for (int i = times.length - 1; i >= 0; i--) {
            if (times[i] <= v) {
                return i;
            }
        }
        return -1;
    }
}
