package org.cortexflow.tasks.signal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.EegRecording;
import org.cortexflow.tasks.artifact.EpochRow;
import org.cortexflow.tasks.artifact.Event;

/**
 * Sliding windows of fixed length at a fixed hop (length x (1 - overlap)), like
 * mne.make_fixed_length_epochs: over each stimulus (from its onset plus the delay, for the length of
 * its audio or its event) when stimuli are known, else over whole recordings.
 */
final class SlidingEpochs {

    record Settings(double window, double overlap, double delay) {
    }

    private SlidingEpochs() {
    }

    static void run(EpochRun run, Settings s) throws IOException, TaskFailure {
        double fs = run.set.sfreq();
        int len = (int) EpochRun.samples(s.window(), fs);
        int hop = (int) Math.round(len * (1 - s.overlap()));
        if (len < 1 || hop < 1) {
            throw new TaskFailure("window " + s.window() + " s with overlap " + s.overlap() + " gives " + len
                    + " samples at a hop of " + hop + " at " + fs + " Hz; both must be at least 1");
        }
        long delay = EpochRun.samples(s.delay(), fs);
        int nc = run.set.dataChannels().size();
        float[] buf = new float[nc * len];
        long kept = 0;
        long spans = 0;
        for (EegSet.Entry rec : run.set.entries()) {
            try (EegRecording r = EegRecording.open(rec.dir())) {
                if (run.stimuli.isEmpty()) {
                    spans++;
                    for (long start = 0; start + len <= r.samples(); start += hop) {
                        run.set.read(r, start, len, buf, len, 0);
                        run.writer.write(buf, new EpochRow(rec.id(), rec.subject(), "", EpochRow.NONE, EpochRow.ALL,
                                EpochRow.NONE, EpochRow.NONE, start, Double.NaN, Double.NaN));
                        kept++;
                    }
                    continue;
                }
                List<Event> onsets = run.onsets(r.events());
                run.reportMissing(rec, onsets);
                for (int i = 0; i < onsets.size(); i++) {
                    Event e = onsets.get(i);
                    spans++;
                    long from = e.onsetSample() + delay;
                    long span = spanOf(run, e, i + 1 < onsets.size() ? onsets.get(i + 1) : null, r.samples(), fs, delay);
                    int label = run.stimuli.label(e.value());
                    boolean audio = run.stimuli.duration(e.value()).isPresent();
                    for (long k = 0; k * hop + len <= span; k++) {
                        long start = from + k * hop;
                        if (start < 0 || start + len > r.samples()) {
                            run.drop(rec, e.onsetSample(), e.value(), "out_of_bounds",
                                    List.of(start < 0 ? "NO_DATA" : "TOO_SHORT"));
                            continue;
                        }
                        run.set.read(r, start, len, buf, len, 0);
                        run.writer.write(buf, new EpochRow(rec.id(), rec.subject(), e.value(), label, EpochRow.ALL,
                                EpochRow.NONE, EpochRow.NONE, start, audio ? k * hop / fs : Double.NaN,
                                audio ? len / fs : Double.NaN));
                        kept++;
                    }
                }
            }
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("window_s", s.window());
        p.put("overlap", s.overlap());
        p.put("hop_samples", hop);
        p.put("delay_s", s.delay());
        run.meta.put("protocol", "sliding");
        run.meta.put("params", p);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("spans", spans);
        counts.put("epochs_kept", kept);
        run.meta.put("counts", counts);
        run.log.printf("sliding: %d spans, %d windows of %d samples at a hop of %d kept, dropped %s%n",
                spans, kept, len, hop, run.dropped);
    }

    /**
     * Samples a stimulus spans after its onset plus delay: its audio's length, else its event's
     * duration, else up to the next stimulus onset or the end of the recording.
     */
    private static long spanOf(EpochRun run, Event e, Event next, long samples, double fs, long delay) {
        if (run.stimuli.duration(e.value()).isPresent()) {
            return (long) Math.floor(run.stimuli.duration(e.value()).get() * fs + 1e-9);
        }
        if (e.durationSamples() > 0) {
            return e.durationSamples();
        }
        long end = next != null ? next.onsetSample() : samples;
        return Math.max(0, end - e.onsetSample() - delay);
    }
}
