package org.cortexflow.tasks.io.mat;

import java.io.IOException;
import java.util.Optional;
import org.cortexflow.tasks.artifact.FileFormatError;

/** Typed access to MAT values: scalars, strings, cell elements; absence and wrong types are empty. */
public final class MatFields {

    private MatFields() {
    }

    /** A finite number from a 1 x 1 numeric array. */
    public static Optional<Double> number(Optional<MatValue> v) throws IOException, FileFormatError {
        if (v.isPresent() && v.get() instanceof MatValue.Numeric n && n.numel() == 1) {
            double d = n.scalar();
            return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
        }
        return Optional.empty();
    }

    /** Text from a char array, or a number written as text (EEGLAB event types may be either). */
    public static Optional<String> text(Optional<MatValue> v) throws IOException, FileFormatError {
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get() instanceof MatValue.Text t) {
            return Optional.of(t.text().strip());
        }
        if (v.get() instanceof MatValue.Numeric n && n.numel() == 1) {
            double d = n.scalar();
            return Optional.of(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
        }
        if (v.get() instanceof MatValue.Cell c && c.numel() == 1) {
            return text(Optional.of(c.get(0)));
        }
        return Optional.empty();
    }

    /** Field {@code field} of element {@code index} of a struct value. */
    public static Optional<MatValue> field(MatValue struct, String field, long index) throws IOException, FileFormatError {
        if (struct instanceof MatValue.Struct s) {
            return s.get(field, index);
        }
        return Optional.empty();
    }
}
