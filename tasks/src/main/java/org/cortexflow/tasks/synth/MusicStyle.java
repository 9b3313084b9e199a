package org.cortexflow.tasks.synth;

import java.util.List;

/**
 * The statistics a song is drawn from: tempo range, groove (16-step drum patterns, swing), bass
 * and chord styles, instrument timbres, distortion and harmony. The ten GTZAN genres each have one;
 * NMED-T-like songs take one genre's style each, DEAP-like clips derive theirs from a target
 * valence and arousal.
 *
 * @param kicks,snares,hats 16-step patterns, one per sixteenth note: {@code x} accent, {@code o} soft, {@code .} rest
 * @param bassStyle 0 root, 1 root and fifth, 2 walking, 3 octaves
 * @param chordStyle 0 sustained pad, 1 off-beat skank, 2 arpeggio, 3 stabs / power chords
 * @param leadDensity lead notes per beat
 * @param leadTilt spectral tilt of the lead's harmonics (amplitude of harmonic h is h^-tilt): low is bright
 * @param drive distortion of chords and lead (0 clean)
 */
public record MusicStyle(String name, double tempoLo, double tempoHi, double swing,
                         List<String> kicks, List<String> snares, List<String> hats, double drumLevel, double hatDecay,
                         List<String> bassPatterns, int bassStyle, double bassLevel,
                         int chordStyle, String chordPattern, double padLevel, double padAttack, double padTilt,
                         double leadDensity, double leadLevel, double leadTilt, double leadAttack, double leadDecay,
                         double leadSustain, int leadOctave, double drive, double minorProb, double seventhProb) {

    /** The ten GTZAN genres, in GTZAN's (alphabetical) order. */
    public static final List<String> GENRES = List.of("blues", "classical", "country", "disco", "hiphop", "jazz", "metal",
            "pop", "reggae", "rock");

    private static final String FOUR = "x...x...x...x...";
    private static final String BACKBEAT = "....x.......x...";
    private static final String EIGHTHS = "x.x.x.x.x.x.x.x.";

    /** The style of a GTZAN genre. */
    public static MusicStyle genre(String name) {
        return switch (name) {
            case "blues" -> new MusicStyle(name, 70, 100, 0.30, List.of("x.....x...x.....", "x.......x.x....."),
                    List.of(BACKBEAT), List.of("x.xx.xx.xx.xx.x.", EIGHTHS), 0.55, 0.05,
                    List.of(FOUR), 2, 0.7, 0, "x...............", 0.35, 0.05, 1.2,
                    1.0, 0.55, 1.0, 0.01, 0.4, 0.5, 5, 0.6, 0.2, 0.9);
            case "classical" -> new MusicStyle(name, 60, 96, 0.0, List.of("................"), List.of("................"),
                    List.of("................"), 0.0, 0.05,
                    List.of("x.......x......."), 0, 0.45, 2, EIGHTHS, 0.55, 0.25, 1.8,
                    0.75, 0.6, 1.9, 0.08, 0.5, 0.7, 5, 0.0, 0.4, 0.1);
            case "country" -> new MusicStyle(name, 96, 130, 0.0, List.of("x.......x.......", "x.......x...x..."),
                    List.of(BACKBEAT), List.of(EIGHTHS), 0.6, 0.04,
                    List.of("x...x...x...x..."), 1, 0.7, 2, "x.x.x.x.x.x.x.x.", 0.3, 0.01, 0.8,
                    1.5, 0.55, 0.7, 0.005, 0.15, 0.2, 5, 0.0, 0.1, 0.2);
            case "disco" -> new MusicStyle(name, 110, 130, 0.0, List.of(FOUR), List.of(BACKBEAT),
                    List.of("..x...x...x...x.", "xxx.xxx.xxx.xxx."), 0.75, 0.12,
                    List.of(EIGHTHS), 3, 0.8, 3, "..x...x...x...x.", 0.35, 0.01, 1.0,
                    1.0, 0.5, 1.1, 0.01, 0.3, 0.6, 5, 0.0, 0.4, 0.5);
            case "hiphop" -> new MusicStyle(name, 80, 100, 0.15, List.of("x......x..x.....", "x.x.......x..x.."),
                    List.of(BACKBEAT), List.of(EIGHTHS, "xxxxxxxxxxxxxxxx"), 0.9, 0.04,
                    List.of("x......x..x.....", "x.x.......x..x.."), 0, 0.95, 0, "x...............", 0.3, 0.1, 1.6,
                    0.5, 0.45, 1.4, 0.02, 0.4, 0.5, 5, 0.1, 0.7, 0.4);
            case "jazz" -> new MusicStyle(name, 100, 180, 0.33, List.of("x.........x.....", "x..............."),
                    List.of("......o.......o.", "..........o....."), List.of("x...x.xx...x.x.x"), 0.45, 0.25,
                    List.of(FOUR), 2, 0.7, 3, "...x......x.....", 0.35, 0.01, 1.5,
                    2.0, 0.5, 1.7, 0.02, 0.35, 0.4, 5, 0.0, 0.4, 0.95);
            case "metal" -> new MusicStyle(name, 140, 190, 0.0, List.of("xxxxxxxxxxxxxxxx", "x.x.x.x.x.x.x.x."),
                    List.of(BACKBEAT), List.of(EIGHTHS), 0.85, 0.06,
                    List.of("xxxxxxxxxxxxxxxx"), 0, 0.8, 3, "x.......x.......", 0.5, 0.005, 0.6,
                    2.0, 0.5, 0.6, 0.005, 0.3, 0.7, 5, 4.0, 0.9, 0.0);
            case "pop" -> new MusicStyle(name, 100, 125, 0.0, List.of("x.......x.......", "x.....x.x......."),
                    List.of(BACKBEAT), List.of(EIGHTHS), 0.7, 0.05,
                    List.of("x..x..x.x..x..x."), 1, 0.7, 0, "x...............", 0.4, 0.08, 1.2,
                    1.0, 0.6, 0.9, 0.01, 0.3, 0.6, 5, 0.2, 0.3, 0.3);
            case "reggae" -> new MusicStyle(name, 68, 90, 0.1, List.of("........x......."), List.of("........x......."),
                    List.of(EIGHTHS), 0.65, 0.05,
                    List.of("x..x.x....x.x...", "x...x.x...x..x.."), 0, 0.95, 1, "..x...x...x...x.", 0.35, 0.005, 1.0,
                    0.5, 0.45, 1.2, 0.01, 0.25, 0.4, 5, 0.0, 0.5, 0.3);
            case "rock" -> new MusicStyle(name, 108, 145, 0.0, List.of("x.....x.x.......", "x.......x.x....."),
                    List.of(BACKBEAT), List.of(EIGHTHS), 0.8, 0.05,
                    List.of(EIGHTHS), 0, 0.8, 3, "x.......x.......", 0.45, 0.01, 0.8,
                    1.0, 0.5, 0.8, 0.01, 0.3, 0.6, 5, 2.5, 0.4, 0.1);
            default -> throw new IllegalArgumentException("unknown genre '" + name + "'; genres: " + GENRES);
        };
    }

    /**
     * A DEAP-like clip's style: arousal (-1..1) drives tempo, drum density, brightness and
     * distortion; valence (-1..1) drives the mode (major or minor) and chord colour. Starts from the
     * genre nearest the quadrant.
     */
    public static MusicStyle affect(double valence, double arousal) {
        String base = arousal >= 0 ? (valence >= 0 ? "disco" : "metal") : (valence >= 0 ? "classical" : "blues");
        MusicStyle s = genre(base);
        double tempo = 95 + 35 * arousal;
        return new MusicStyle("affect", tempo - 6, tempo + 6, s.swing(), s.kicks(), s.snares(), s.hats(),
                arousal < -0.3 ? 0.0 : 0.35 + 0.45 * (arousal + 1) / 2, s.hatDecay(), s.bassPatterns(), s.bassStyle(),
                s.bassLevel(), s.chordStyle(), s.chordPattern(), s.padLevel(), 0.005 + 0.2 * (1 - arousal) / 2,
                1.6 - 0.8 * arousal, s.leadDensity() * (0.75 + 0.5 * (arousal + 1) / 2), s.leadLevel(),
                1.6 - 0.9 * arousal, s.leadAttack(), s.leadDecay(), s.leadSustain(), valence >= 0 ? 6 : 5,
                Math.max(0, arousal - valence) * 1.5, valence >= 0 ? 0.1 : 0.9, valence >= 0 ? 0.4 : 0.2);
    }
}
