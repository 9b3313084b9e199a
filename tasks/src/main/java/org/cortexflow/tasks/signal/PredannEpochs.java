package org.cortexflow.tasks.signal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.EegRecording;
import org.cortexflow.tasks.artifact.EpochRow;
import org.cortexflow.tasks.artifact.Event;

/**
 * The PredANN segmentation (Akama et al. 2025; official code JURIUENO11/PredANN,
 * codes_3s/predann/datasets/preprocessing_eegmusic_dataset_3s.py): the first {@code duration} seconds
 * after each stimulus onset, EEG shifted by the stimulus delay, cut into chunks; chunks split into
 * train and test stratified by stimulus exactly as sklearn's train_test_split does; training crops
 * from the training chunks (or, train_crops per_epoch, each training chunk kept whole for a fresh
 * crop every training epoch, as the official loader draws); for every evaluation window of a test
 * chunk, crops at a fixed hop.
 */
final class PredannEpochs {

    /** Protocol parameters in seconds (and counts). */
    record Settings(double duration, double chunk, double window, double delay, double evalWindow, double evalStride,
                    double evalHop, double testSize, long seed, String trainCrops, int cropsPerChunk, double trainHop) {

        boolean randomCrops() {
            return trainCrops.equals(RANDOM);
        }

        boolean perEpoch() {
            return trainCrops.equals(PER_EPOCH);
        }
    }

    static final String RANDOM = "random";
    static final String GRID = "grid";
    static final String PER_EPOCH = "per_epoch";

    /** One (recording, stimulus) pair: its onset and label. */
    private record Group(EegSet.Entry rec, String stimulus, int label, long onset) {
    }

    private final EpochRun run;
    private final Settings s;
    private final long chunkLen;
    private final long delay;
    private final int crop;
    private final int evalLen;
    private final int evalStride;
    private final int evalHop;
    private final int trainHop;
    private final int nChunks;
    private final int windowsPerChunk;
    private final int cropsPerWindow;

    private PredannEpochs(EpochRun run, Settings s) throws TaskFailure {
        this.run = run;
        this.s = s;
        double fs = run.set.sfreq();
        chunkLen = EpochRun.samples(s.chunk(), fs);
        delay = EpochRun.samples(s.delay(), fs);
        crop = (int) EpochRun.samples(s.window(), fs);
        evalLen = (int) EpochRun.samples(s.evalWindow(), fs);
        evalStride = (int) EpochRun.samples(s.evalStride(), fs);
        evalHop = (int) EpochRun.samples(s.evalHop(), fs);
        trainHop = (int) EpochRun.samples(s.trainHop(), fs);
        nChunks = (int) Math.floor(s.duration() / s.chunk() + 1e-9);
        if (nChunks < 1) {
            throw new TaskFailure("duration " + s.duration() + " s holds no whole chunk of " + s.chunk() + " s");
        }
        if (crop < 1 || evalStride < 1 || evalHop < 1 || trainHop < 1) {
            throw new TaskFailure("window, eval_stride, eval_hop and train_hop must each be at least one sample at "
                    + fs + " Hz");
        }
        if (crop >= chunkLen || evalLen > chunkLen || crop > evalLen) {
            throw new TaskFailure("need window (" + crop + " samples) < chunk (" + chunkLen + ") and window <= eval_window ("
                    + evalLen + ") <= chunk");
        }
        windowsPerChunk = (int) ((chunkLen - evalLen) / evalStride + 1);
        cropsPerWindow = (evalLen - crop) / evalHop + 1;
    }

    static void run(EpochRun run, Settings s) throws IOException, TaskFailure {
        new PredannEpochs(run, s).emit();
    }

    private void emit() throws IOException, TaskFailure {
        double fs = run.set.sfreq();
        checkAudio();
        List<Group> groups = groups();
        groups.sort(Comparator.comparing((Group g) -> g.rec().subject()).thenComparing(g -> g.rec().id())
                .thenComparing(Group::stimulus));
        int[] labels = new int[groups.size() * nChunks];
        for (int g = 0; g < groups.size(); g++) {
            for (int c = 0; c < nChunks; c++) {
                labels[g * nChunks + c] = groups.get(g).label();
            }
        }
        if (groups.isEmpty()) {
            throw new TaskFailure("no stimulus onsets found: none of the events of the recordings has a value among "
                    + run.stimuli.classes() + "\n  hint: check the events (cortexflow inspect) or the 'events' parameter");
        }
        boolean[] test = StratifiedSplit.testMask(labels, s.testSize(), s.seed());

        int channels = run.set.dataChannels().size();
        float[] chunkBuf = new float[Math.toIntExact(channels * chunkLen)];
        float[] epoch = new float[channels * crop];
        SplittableRandom random = new SplittableRandom(s.seed());
        long trainChunks = 0;
        long testChunks = 0;
        long trainEpochs = 0;
        long testEpochs = 0;
        int windowId = 0;
        if (s.perEpoch()) {
            run.writer.keepTrainingChunks((int) chunkLen);
        }
        EegRecording open = null;
        try {
            for (int g = 0; g < groups.size(); g++) {
                Group grp = groups.get(g);
                if (open == null || !open.dir().equals(grp.rec().dir())) {
                    if (open != null) {
                        open.close();
                    }
                    open = EegRecording.open(grp.rec().dir());
                }
                for (int c = 0; c < nChunks; c++) {
                    long chunkStart = grp.onset() + delay + c * chunkLen;
                    run.set.read(open, chunkStart, (int) chunkLen, chunkBuf, (int) chunkLen, 0);
                    if (!test[g * nChunks + c] && s.perEpoch()) {
                        trainChunks++;
                        write(grp, c, EpochRow.TRAIN, EpochRow.NONE, chunkStart, 0, chunkBuf, epoch, fs);
                        run.writer.writeChunk(chunkBuf);
                        trainEpochs++;
                    } else if (!test[g * nChunks + c]) {
                        trainChunks++;
                        for (int start : trainStarts(random)) {
                            write(grp, c, EpochRow.TRAIN, EpochRow.NONE, chunkStart, start, chunkBuf, epoch, fs);
                            trainEpochs++;
                        }
                    } else {
                        testChunks++;
                        for (int w = 0; w < windowsPerChunk; w++) {
                            for (int j = 0; j < cropsPerWindow; j++) {
                                write(grp, c, EpochRow.TEST, windowId, chunkStart, w * evalStride + j * evalHop, chunkBuf, epoch, fs);
                                testEpochs++;
                            }
                            windowId++;
                        }
                    }
                }
            }
        } finally {
            if (open != null) {
                open.close();
            }
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("duration_s", s.duration());
        p.put("chunk_s", s.chunk());
        p.put("window_s", s.window());
        p.put("delay_s", s.delay());
        p.put("eval_window_s", s.evalWindow());
        p.put("eval_stride_s", s.evalStride());
        p.put("eval_hop_s", s.evalHop());
        p.put("test_size", s.testSize());
        p.put("seed", s.seed());
        p.put("train_crops", s.trainCrops());
        if (s.randomCrops()) {
            p.put("crops_per_chunk", s.cropsPerChunk());
        } else if (!s.perEpoch()) {
            p.put("train_hop_s", s.trainHop());
        }
        p.put("chunks_per_stimulus", nChunks);
        p.put("chunk_samples", chunkLen);
        p.put("delay_samples", delay);
        p.put("windows_per_chunk", windowsPerChunk);
        p.put("crops_per_window", cropsPerWindow);
        run.meta.put("protocol", "predann");
        run.meta.put("params", p);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("groups", groups.size());
        counts.put("chunks_train", trainChunks);
        counts.put("chunks_test", testChunks);
        counts.put("epochs_train", trainEpochs);
        counts.put("epochs_test", testEpochs);
        counts.put("windows_test", windowId);
        run.meta.put("counts", counts);
        run.log.printf("predann: %d (recording, stimulus) pairs x %d chunks of %d samples (delay %d samples); "
                        + "%d train chunks -> %d %s, %d test chunks -> %d windows x %d crops = %d epochs%n",
                groups.size(), nChunks, chunkLen, delay, trainChunks, trainEpochs,
                s.perEpoch() ? "rows kept whole in chunks.npy (a fresh crop per training epoch)" : "crops",
                testChunks, windowId, cropsPerWindow, testEpochs);
    }

    /** Crop starts inside a training chunk. Random: randint(0, chunk - window - 1) as the official loader draws. */
    private int[] trainStarts(SplittableRandom random) {
        if (s.randomCrops()) {
            int[] out = new int[s.cropsPerChunk()];
            for (int i = 0; i < out.length; i++) {
                out[i] = random.nextInt((int) (chunkLen - crop)); // [0, chunk - window - 1]
            }
            return out;
        }
        int n = (int) ((chunkLen - crop) / trainHop + 1);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i * trainHop;
        }
        return out;
    }

    private void write(Group g, int chunk, String split, int window, long chunkStart, int start, float[] chunkBuf,
                       float[] epoch, double fs) throws IOException {
        int channels = run.set.dataChannels().size();
        for (int k = 0; k < channels; k++) {
            System.arraycopy(chunkBuf, (int) (k * chunkLen + start), epoch, k * crop, crop);
        }
        double audioOnset = (chunk * chunkLen + start) / fs;
        run.writer.write(epoch, new EpochRow(g.rec().id(), g.rec().subject(), g.stimulus(), g.label(), split, chunk, window,
                chunkStart + start, audioOnset, crop / fs));
    }

    private void checkAudio() throws TaskFailure {
        if (!run.stimuli.hasAudio()) {
            return;
        }
        double need = nChunks * s.chunk();
        for (String id : run.stimuli.classes()) {
            double d = run.stimuli.duration(id).orElseThrow(() -> new TaskFailure("stimulus " + id
                    + " has no clip in the audio input"));
            if (d + 1e-9 < need) {
                throw new TaskFailure("stimulus " + id + ": its audio lasts " + d + " s, shorter than the " + need
                        + " s (" + nChunks + " chunks of " + s.chunk() + " s) the protocol cuts");
            }
        }
    }

    /** Every (recording, stimulus) onset, checked against the recording's length. */
    private List<Group> groups() throws IOException, TaskFailure {
        List<Group> out = new ArrayList<>();
        long need = delay + nChunks * chunkLen;
        for (EegSet.Entry rec : run.set.entries()) {
            try (EegRecording r = EegRecording.open(rec.dir())) {
                List<Event> onsets = run.onsets(r.events());
                run.reportMissing(rec, onsets);
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (Event e : onsets) {
                    if (!seen.add(e.value())) {
                        throw new TaskFailure("recording " + rec.label() + ": stimulus " + e.value()
                                + " has more than one onset event (second at sample " + e.onsetSample()
                                + "); each stimulus onset must appear once");
                    }
                    long left = r.samples() - e.onsetSample();
                    if (e.onsetSample() < 0 || left < need) {
                        throw new TaskFailure(String.format(java.util.Locale.ROOT,
                                "recording %s (subject %s), stimulus %s: the protocol needs %d samples (%.3f s = %d x %.3f s chunks"
                                        + " + %.3f s delay) from the onset at sample %d, but the recording has %d samples"
                                        + " (%.3f s) after it (%d in all at %s Hz)",
                                rec.label(), rec.subject().isEmpty() ? "n/a" : rec.subject(), e.value(), need,
                                need / run.set.sfreq(), nChunks, s.chunk(), s.delay(), e.onsetSample(), Math.max(0, left),
                                Math.max(0, left) / run.set.sfreq(), r.samples(), run.set.sfreq()));
                    }
                    out.add(new Group(rec, e.value(), run.stimuli.label(e.value()), e.onsetSample()));
                }
            }
        }
        return out;
    }
}
