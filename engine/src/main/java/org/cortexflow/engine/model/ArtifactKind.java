package org.cortexflow.engine.model;

/**
 * What an artifact directory holds (docs/artifacts.md lists the files of each kind). A lab's own
 * tasks may name new kinds; {@link #ANY} binds to every kind.
 */
public record ArtifactKind(String name) {

    public static final ArtifactKind ANY = new ArtifactKind("any");
    public static final ArtifactKind FILES = new ArtifactKind("files");
    public static final ArtifactKind EEG = new ArtifactKind("eeg");
    public static final ArtifactKind EPOCHS = new ArtifactKind("epochs");
    public static final ArtifactKind AUDIO = new ArtifactKind("audio");
    public static final ArtifactKind SPECTROGRAM = new ArtifactKind("spectrogram");
    public static final ArtifactKind EMBEDDINGS = new ArtifactKind("embeddings");
    public static final ArtifactKind FMRI = new ArtifactKind("fmri");
    public static final ArtifactKind MODEL = new ArtifactKind("model");
    public static final ArtifactKind METRICS = new ArtifactKind("metrics");
    public static final ArtifactKind TABLE = new ArtifactKind("table");
    public static final ArtifactKind TEXT = new ArtifactKind("text");

    /** Whether an input of this kind may be bound to an output of kind {@code produced}. */
    public boolean accepts(ArtifactKind produced) {
        return this.equals(ANY) || produced.equals(ANY) || this.equals(produced);
    }

    @Override
    public String toString() {
        return name;
    }
}
