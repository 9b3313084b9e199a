package org.cortexflow.engine.model;

/** Where something was written: file, 1-based line and column; {@link #NONE} when unknown. */
public record Location(String file, int line, int column) {

    public static final Location NONE = new Location("", 0, 0);

    public static Location of(String file) {
        return new Location(file, 0, 0);
    }

    public boolean known() {
        return !file.isEmpty();
    }

    @Override
    public String toString() {
        if (!known()) {
            return "";
        }
        if (line <= 0) {
            return file;
        }
        return column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
    }
}
