package org.cortexflow.tasks.io;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which channels of a recording hold trigger codes: {@code auto} recognises the usual names
 * (BioSemi "Status", "Trigger", "STI 014", labels containing "TRIG" such as Nihon Kohden's
 * "DIG DTRIG"); otherwise the channels named in the list; an empty list means none.
 */
public final class TriggerChannels {

    private static final Pattern AUTO = Pattern.compile("(?i)^status$|^trigger$|trig|^sti ?\\d+$");
    private final boolean auto;
    private final Set<String> names;

    private TriggerChannels(boolean auto, Set<String> names) {
        this.auto = auto;
        this.names = names;
    }

    /** From the task parameter: {@code [auto]}, {@code []} or a list of channel names. */
    public static TriggerChannels of(List<String> param) {
        boolean auto = param.stream().anyMatch(s -> s.equalsIgnoreCase("auto"));
        return new TriggerChannels(auto, param.stream().filter(s -> !s.equalsIgnoreCase("auto"))
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()));
    }

    public static TriggerChannels automatic() {
        return new TriggerChannels(true, Set.of());
    }

    public static TriggerChannels none() {
        return new TriggerChannels(false, Set.of());
    }

    public boolean isTrigger(String label) {
        return names.contains(label.strip().toLowerCase(Locale.ROOT)) || auto && AUTO.matcher(label.strip()).find();
    }

    /** The explicitly named channels, lower case, to check that each exists. */
    public Set<String> named() {
        return names;
    }
}
