package org.cortexflow.tasks.io;

import java.util.ArrayList;
import java.util.List;
import org.cortexflow.tasks.artifact.Event;

/**
 * Turns a trigger channel into events, fed block by block: an event starts wherever the masked
 * code steps up ({@code increasing}, as MNE's find_events does by default) or changes to any
 * non-zero code ({@code any}); its duration runs to the next change. A non-zero code at the first
 * sample is not an event (the recording started inside it), as in MNE.
 */
public final class TriggerScanner {

    /** Which steps of the code start an event. */
    public enum Mode { INCREASING, ANY }

    private final String channel;
    private final long mask;
    private final Mode mode;
    private final List<Event> events = new ArrayList<>();
    private long previous = Long.MIN_VALUE;
    private long openOnset = -1;
    private long openValue;
    private long position;

    public TriggerScanner(String channel, long mask, Mode mode) {
        this.channel = channel;
        this.mask = mask;
        this.mode = mode;
    }

    /** Masks {@code values[0..len)} in place (they become what data.npy stores) and scans them. */
    public void accept(float[] values, int len) {
        for (int i = 0; i < len; i++, position++) {
            long code = ((long) values[i]) & mask;
            values[i] = code;
            if (previous == Long.MIN_VALUE) {
                previous = code;
                continue;
            }
            if (code != previous) {
                close(position);
                boolean starts = mode == Mode.INCREASING ? code > previous : code != 0;
                if (starts && code != 0) {
                    openOnset = position;
                    openValue = code;
                }
                previous = code;
            }
        }
    }

    private void close(long at) {
        if (openOnset >= 0) {
            events.add(new Event(openOnset, at - openOnset, Long.toString(openValue), "trigger channel " + channel));
            openOnset = -1;
        }
    }

    /** The events found; call once after the last block. */
    public List<Event> finish() {
        close(position);
        return events;
    }
}
