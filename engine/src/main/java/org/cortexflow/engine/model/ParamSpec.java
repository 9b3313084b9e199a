package org.cortexflow.engine.model;

import java.util.List;
import java.util.Optional;

/**
 * A task parameter as the task declares it. The same record feeds validation,
 * {@code cortexflow tasks describe} and the generated task reference.
 *
 * @param unit the unit of the value ("" when it has none), e.g. "Hz", "s"
 * @param defaultValue the value when the workflow gives none; empty means required
 * @param min inclusive lower bound for numbers and durations (in seconds), if any
 * @param max inclusive upper bound, if any
 * @param choices the allowed values of a CHOICE parameter
 */
public record ParamSpec(String name, ParamType type, String unit, Optional<Value> defaultValue,
                        Optional<Double> min, Optional<Double> max, List<String> choices, String doc) {

    public ParamSpec {
        choices = List.copyOf(choices);
    }

    public static ParamSpec required(String name, ParamType type, String doc) {
        return new ParamSpec(name, type, "", Optional.empty(), Optional.empty(), Optional.empty(), List.of(), doc);
    }

    public static ParamSpec optional(String name, ParamType type, Object defaultValue, String doc) {
        Value v = Value.of(defaultValue);
        Value coerced = type.coerce(v, "").orElseThrow(() -> new IllegalArgumentException(
                "default " + v.display() + " of " + name + " is not a " + type.label()));
        return new ParamSpec(name, type, "", Optional.of(coerced), Optional.empty(), Optional.empty(), List.of(), doc);
    }

    public static ParamSpec choice(String name, List<String> choices, String defaultChoice, String doc) {
        return new ParamSpec(name, ParamType.CHOICE, "", Optional.of(new Value.Text(defaultChoice)),
                Optional.empty(), Optional.empty(), choices, doc);
    }

    public ParamSpec unit(String u) {
        Optional<Value> d = defaultValue;
        if (type == ParamType.DURATION && d.isPresent()) {
            d = type.coerce(d.get(), u); // keep a bare default in the new unit
        }
        return new ParamSpec(name, type, u, d, min, max, choices, doc);
    }

    public ParamSpec range(double lo, double hi) {
        return new ParamSpec(name, type, unit, defaultValue, Optional.of(lo), Optional.of(hi), choices, doc);
    }

    public ParamSpec atLeast(double lo) {
        return new ParamSpec(name, type, unit, defaultValue, Optional.of(lo), max, choices, doc);
    }

    public boolean isRequired() {
        return defaultValue.isEmpty();
    }

    /** "number in [0, 1], Hz" and the like, for messages and docs. */
    public String describeType() {
        StringBuilder sb = new StringBuilder(type.label());
        if (type == ParamType.CHOICE) {
            sb.append(" of ").append(String.join("|", choices));
        }
        if (min.isPresent() || max.isPresent()) {
            sb.append(" in [").append(min.map(ParamSpec::num).orElse("-inf")).append(", ")
                    .append(max.map(ParamSpec::num).orElse("inf")).append("]");
        }
        if (!unit.isEmpty()) {
            sb.append(", ").append(unit);
        }
        return sb.toString();
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Coerces and range-checks a value; the message says what was expected. */
    public Value check(Value v) throws IllegalArgumentException {
        Optional<Value> coerced = type.coerce(v, unit);
        if (coerced.isEmpty()) {
            throw new IllegalArgumentException("expected " + describeType() + ", got " + v.kind() + " '" + v.display() + "'");
        }
        Value c = coerced.get();
        if (type == ParamType.CHOICE && !choices.contains(((Value.Text) c).value())) {
            throw new IllegalArgumentException("expected one of " + String.join(", ", choices) + ", got '" + c.display() + "'");
        }
        Optional<Double> n = Optional.empty();
        if (c instanceof Value.Int i) {
            n = Optional.of((double) i.value());
        } else if (c instanceof Value.Real r) {
            n = Optional.of(r.value());
        } else if (c instanceof Value.Time t) {
            n = Optional.of(t.value().toNanos() / ("ms".equals(unit) ? 1e6 : 1e9));
        } else if (c instanceof Value.Bytes b) {
            n = Optional.of((double) b.value());
        }
        if (n.isPresent() && (min.isPresent() && n.get() < min.get() || max.isPresent() && n.get() > max.get())) {
            throw new IllegalArgumentException("expected " + describeType() + ", got " + c.display());
        }
        if (n.isPresent() && (Double.isNaN(n.get()) || Double.isInfinite(n.get()))) {
            throw new IllegalArgumentException("expected a finite " + type.label() + ", got " + c.display());
        }
        return c;
    }
}
