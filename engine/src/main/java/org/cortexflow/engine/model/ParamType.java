package org.cortexflow.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The declared type of a task parameter; {@link #coerce} turns what was written into it. */
public enum ParamType {
    STRING("string"),
    INT("integer"),
    FLOAT("number"),
    BOOL("boolean"),
    /** A duration: {@code 3s}, {@code 200ms}; a bare number is taken in the parameter's unit. */
    DURATION("duration"),
    /** A size: {@code 8G}, {@code 512M}; a bare number is bytes. */
    SIZE("size"),
    /** A file or directory; its content digest, not its name, enters the cache key. */
    PATH("path"),
    LIST("list"),
    MAP("map"),
    /** One of the parameter's declared choices. */
    CHOICE("choice");

    private final String label;

    ParamType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * The value as this type, or empty when it cannot be one.
     *
     * @param unit the parameter's unit, used for bare numbers given to a DURATION ("s" or "ms")
     */
    public Optional<Value> coerce(Value v, String unit) {
        switch (this) {
            case STRING, PATH, CHOICE:
                if (v instanceof Value.Text) {
                    return Optional.of(v);
                }
                if (v instanceof Value.Real r) {
                    return Optional.of(new Value.Text(Double.toString(r.value())));
                }
                if (v instanceof Value.Int || v instanceof Value.Bool || v instanceof Value.Time) {
                    return Optional.of(new Value.Text(v.display()));
                }
                return Optional.empty();
            case INT:
                if (v instanceof Value.Int) {
                    return Optional.of(v);
                }
                if (v instanceof Value.Real r && r.value() == Math.rint(r.value()) && Math.abs(r.value()) < 9e15) {
                    return Optional.of(new Value.Int((long) r.value()));
                }
                if (v instanceof Value.Text t) {
                    return parseLong(t.value()).map(Value.Int::new);
                }
                return Optional.empty();
            case FLOAT:
                if (v instanceof Value.Real) {
                    return Optional.of(v);
                }
                if (v instanceof Value.Int i) {
                    return Optional.of(new Value.Real(i.value()));
                }
                if (v instanceof Value.Text t) {
                    return parseDouble(t.value()).map(Value.Real::new);
                }
                return Optional.empty();
            case BOOL:
                if (v instanceof Value.Bool) {
                    return Optional.of(v);
                }
                if (v instanceof Value.Text t && (t.value().equalsIgnoreCase("true") || t.value().equalsIgnoreCase("false"))) {
                    return Optional.of(new Value.Bool(Boolean.parseBoolean(t.value().toLowerCase(Locale.ROOT))));
                }
                return Optional.empty();
            case DURATION:
                if (v instanceof Value.Time) {
                    return Optional.of(v);
                }
                if (v instanceof Value.Int i) {
                    return Optional.of(bareDuration(i.value(), unit));
                }
                if (v instanceof Value.Real r) {
                    return Optional.of(bareDuration(r.value(), unit));
                }
                if (v instanceof Value.Text t) {
                    return Units.parseDuration(t.value()).<Value>map(Value.Time::new)
                            .or(() -> parseDouble(t.value()).map(d -> bareDuration(d, unit)));
                }
                return Optional.empty();
            case SIZE:
                if (v instanceof Value.Bytes) {
                    return Optional.of(v);
                }
                if (v instanceof Value.Int i && i.value() >= 0) {
                    return Optional.of(new Value.Bytes(i.value()));
                }
                if (v instanceof Value.Text t) {
                    return Units.parseSize(t.value()).map(Value.Bytes::new);
                }
                return Optional.empty();
            case LIST:
                return Optional.of(v instanceof Value.Items ? v : new Value.Items(List.of(v)));
            case MAP:
                return v instanceof Value.Fields ? Optional.of(v) : Optional.empty();
            default:
                throw new IllegalStateException("unhandled type " + this);
        }
    }

    private static Value bareDuration(double amount, String unit) {
        double nanosPerUnit = "ms".equals(unit) ? 1e6 : 1e9;
        return new Value.Time(java.time.Duration.ofNanos(Math.round(amount * nanosPerUnit)));
    }

    private static Optional<Long> parseLong(String s) {
        try {
            return Optional.of(Long.parseLong(s.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Double> parseDouble(String s) {
        try {
            String t = s.trim();
            if (t.isEmpty() || !(Character.isDigit(t.charAt(t.length() - 1)) || t.endsWith("."))) {
                return Optional.empty(); // Double.parseDouble accepts "1d" and "NaN"
            }
            return Optional.of(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Items of a list value, for tasks that take lists. */
    public static List<String> strings(Value v) {
        List<String> out = new ArrayList<>();
        if (v instanceof Value.Items items) {
            items.values().forEach(x -> out.add(x.display()));
        } else {
            out.add(v.display());
        }
        return out;
    }
}
