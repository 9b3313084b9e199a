package org.cortexflow.tasks.signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.EegRecording;
import org.cortexflow.tasks.artifact.EegWriter;

/**
 * {@code eeg.reference}: drops channels (by name, by 1-based index, or every channel that is
 * identically zero, such as NMED-T's vertex reference 129) and re-references the EEG channels to
 * their average or to one channel, as {@code mne.set_eeg_reference(projection=False)} 1.3 does:
 * the reference is subtracted from every EEG channel (a reference channel itself becomes zero);
 * channels of other types are left alone. Streamed over time in blocks.
 */
public final class EegReference implements TaskType {

    static final int BLOCK = 1 << 14;

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.choice("ref", List.of("average", "channel", "none"), "average",
                    "average: subtract the mean of the EEG channels; channel: subtract one channel; none: only drop"),
            ParamSpec.optional("channel", ParamType.STRING, "", "ref=channel: the reference channel, by name or 1-based index"),
            ParamSpec.optional("drop", ParamType.LIST, List.of(),
                    "channels to remove first, by name or 1-based index (e.g. [129] or [E129])"),
            ParamSpec.optional("drop_zero", ParamType.BOOL, false,
                    "also remove every channel whose samples are all exactly zero (a recording reference)"));

    private static final List<PortSpec> INPUTS = List.of(PortSpec.of("eeg", ArtifactKind.EEG, "a recording or a set of recordings"));
    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("eeg", ArtifactKind.EEG,
            "the re-referenced recording(s) without the dropped channels"));

    @Override
    public String name() {
        return "eeg.reference";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String summary() {
        return "Drop channels (by name, index or all-zero) and re-reference EEG to the average or one channel, like MNE";
    }

    @Override
    public List<PortSpec> inputs() {
        return INPUTS;
    }

    @Override
    public List<PortSpec> outputs() {
        return OUTPUTS;
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
        String ref = ctx.string("ref");
        String refChannel = ctx.string("channel").trim();
        if (ref.equals("channel") && refChannel.isEmpty()) {
            throw new TaskFailure("eeg.reference: ref=channel needs the channel parameter (a name or a 1-based index)");
        }
        List<String> drop = ParamType.strings(ctx.param("drop"));
        boolean dropZero = ctx.bool("drop_zero");
        EegSetMap.forEach(ctx.input("eeg"), ctx.output("eeg"), ctx.log(), (rec, out, log) -> {
            List<Channel> chans = rec.channels();
            Set<Integer> dropped = new LinkedHashSet<>();
            for (String d : drop) {
                dropped.add(resolve(d, chans, "drop"));
            }
            List<String> zero = new ArrayList<>();
            if (dropZero) {
                for (int c = 0; c < chans.size(); c++) {
                    if (!dropped.contains(c) && allZero(rec, c)) {
                        dropped.add(c);
                        zero.add(chans.get(c).name());
                    }
                }
            }
            List<Integer> kept = new ArrayList<>();
            for (int c = 0; c < chans.size(); c++) {
                if (!dropped.contains(c)) {
                    kept.add(c);
                }
            }
            if (kept.isEmpty()) {
                throw new TaskFailure("eeg.reference: every channel would be dropped");
            }
            boolean[] eeg = new boolean[kept.size()];
            List<String> eegNames = new ArrayList<>();
            for (int k = 0; k < kept.size(); k++) {
                Channel ch = chans.get(kept.get(k));
                eeg[k] = ch.type().equalsIgnoreCase("EEG");
                if (eeg[k]) {
                    eegNames.add(ch.name());
                }
            }
            int refIndex = -1;
            List<String> refNames = new ArrayList<>();
            if (ref.equals("channel")) {
                int r = resolve(refChannel, chans, "channel");
                refIndex = kept.indexOf(r);
                if (refIndex < 0) {
                    throw new TaskFailure("eeg.reference: the reference channel " + chans.get(r).name() + " is among the dropped ones");
                }
                refNames.add(chans.get(r).name());
            } else if (ref.equals("average")) {
                if (eegNames.isEmpty()) {
                    throw new TaskFailure("eeg.reference: no EEG channel (channels.tsv type EEG) to average");
                }
                refNames.addAll(eegNames);
            }
            List<String> droppedNames = dropped.stream().map(c -> chans.get(c).name()).toList();
            log.println("dropped " + droppedNames.size() + " channel(s)" + (droppedNames.isEmpty() ? "" : ": " + droppedNames)
                    + (zero.isEmpty() ? "" : " (all zero: " + zero + ")"));
            log.println(switch (ref) {
                case "average" -> "EEG channels re-referenced to the average of " + eegNames.size() + " EEG channels";
                case "channel" -> "EEG channels re-referenced to " + refNames.get(0);
                default -> "no re-referencing";
            });
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("task", "eeg.reference");
            step.put("ref", ref);
            step.put("reference_channels", refNames);
            step.put("dropped", droppedNames);
            step.put("dropped_all_zero", zero);
            step.put("reference", "mne.set_eeg_reference 1.3 (projection=False)");
            List<Channel> outChans = kept.stream().map(chans::get).toList();
            try (EegWriter w = EegWriter.create(out, rec.sfreq(), outChans, rec.samples())) {
                float[][] block = new float[kept.size()][(int) Math.min(BLOCK, Math.max(rec.samples(), 1))];
                double[] acc = new double[block[0].length];
                for (long s = 0; s < rec.samples(); s += BLOCK) {
                    if (ctx.cancelled()) {
                        throw new TaskFailure("cancelled");
                    }
                    int len = (int) Math.min(BLOCK, rec.samples() - s);
                    for (int k = 0; k < kept.size(); k++) {
                        rec.readChannel(kept.get(k), s, block[k], 0, len);
                    }
                    switch (ref) {
                        case "average" -> Rereference.average(block, len, eeg, acc);
                        case "channel" -> Rereference.toChannel(block, len, eeg, refIndex, acc);
                        default -> { }
                    }
                    w.writeBlock(s, block, len);
                }
                w.finish(rec.events(), Provenance.meta(rec, step));
            }
        });
    }

    /** A channel by exact name, else by 1-based index. */
    static int resolve(String spec, List<Channel> chans, String param) throws TaskFailure {
        String s = spec.trim();
        for (int c = 0; c < chans.size(); c++) {
            if (chans.get(c).name().equals(s)) {
                return c;
            }
        }
        try {
            int i = Integer.parseInt(s);
            if (i >= 1 && i <= chans.size()) {
                return i - 1;
            }
            throw new TaskFailure("eeg.reference: " + param + " " + i + " is not a channel index (1.." + chans.size() + ")");
        } catch (NumberFormatException e) {
            List<String> names = chans.stream().map(Channel::name).toList();
            List<String> near = org.cortexflow.engine.spi.Spelling.closest(s, names, 3);
            throw new TaskFailure("eeg.reference: no channel called '" + s + "'"
                    + (near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?"));
        }
    }

    private static boolean allZero(EegRecording rec, int c) throws java.io.IOException {
        float[] buf = new float[(int) Math.min(ChannelIo.BLOCK, Math.max(rec.samples(), 1))];
        for (long s = 0; s < rec.samples(); s += buf.length) {
            int len = (int) Math.min(buf.length, rec.samples() - s);
            rec.readChannel(c, s, buf, 0, len);
            for (int i = 0; i < len; i++) {
                if (buf[i] != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The arithmetic of re-referencing one block, in double precision. */
    static final class Rereference {

        private Rereference() {
        }

        /** Subtracts the mean of the EEG rows from every EEG row. */
        static void average(float[][] block, int len, boolean[] eeg, double[] acc) {
            java.util.Arrays.fill(acc, 0, len, 0.0);
            int count = 0;
            for (int k = 0; k < block.length; k++) {
                if (eeg[k]) {
                    count++;
                    float[] row = block[k];
                    for (int i = 0; i < len; i++) {
                        acc[i] += row[i];
                    }
                }
            }
            for (int i = 0; i < len; i++) {
                acc[i] /= count;
            }
            subtract(block, len, eeg, acc);
        }

        /** Subtracts row {@code ref} from every EEG row. */
        static void toChannel(float[][] block, int len, boolean[] eeg, int ref, double[] acc) {
            for (int i = 0; i < len; i++) {
                acc[i] = block[ref][i];
            }
            subtract(block, len, eeg, acc);
        }

        private static void subtract(float[][] block, int len, boolean[] eeg, double[] acc) {
            for (int k = 0; k < block.length; k++) {
                if (eeg[k]) {
                    float[] row = block[k];
                    for (int i = 0; i < len; i++) {
                        row[i] = (float) (row[i] - acc[i]);
                    }
                }
            }
        }
    }

}
