package org.cortexflow.tasks.signal;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.spi.TaskFailure;

/** Parameters several signal tasks share, declared once. */
final class SignalParams {

    /** The channel types MNE counts as data channels, in BIDS spelling. */
    static final List<String> DATA_TYPES = List.of("EEG", "SEEG", "ECOG", "DBS", "MEGMAG", "MEGGRADAXIAL", "MEGGRADPLANAR");

    static ParamSpec types(String verb) {
        return ParamSpec.optional("types", ParamType.LIST, DATA_TYPES,
                "channel types (channels.tsv `type`) to " + verb + "; channels of other types (TRIG, EOG, MISC, ...) are "
                        + "copied unchanged, as MNE leaves non-data channels alone");
    }

    static ParamSpec filterLength() {
        return ParamSpec.optional("filter_length", ParamType.STRING, "auto",
                "FIR length: \"auto\" (MNE: window factor / narrowest transition, e.g. 3.3 s per Hz for Hamming), a "
                        + "duration (\"10s\", \"500ms\") or a number of samples; made odd");
    }

    private SignalParams() {
    }

    /** "auto" (empty) or a positive number of Hz. */
    static OptionalDouble autoOrHz(String name, String value) throws TaskFailure {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("auto")) {
            return OptionalDouble.empty();
        }
        try {
            double d = Double.parseDouble(v.endsWith("hz") ? v.substring(0, v.length() - 2).trim() : v);
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return OptionalDouble.of(d);
        } catch (NumberFormatException e) {
            throw new TaskFailure("parameter '" + name + "' must be \"auto\" or a positive number of Hz, got '" + value + "'");
        }
    }

    /** Zero means "not given". */
    static OptionalDouble positiveOrNone(double v) {
        return v > 0 ? OptionalDouble.of(v) : OptionalDouble.empty();
    }
}
