package org.cortexflow.tasks.synth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Everything drawn for one song before a sample is rendered: tempo, key, mode, chord progression,
 * drum, bass and chord patterns, instrument timbres, the note and drum-hit lists (with sections
 * that repeat, so a song has a recognisable structure) and the song's latent trajectory. The
 * latent trajectory is planted twice: it sets the loudness of {@link #LATENT_BANDS_HZ band-noise
 * voices} in the audio, and {@code synth.eeg} makes the brain respond to it.
 */
public final class SongPlan {

    /** A tonal note: voice 0 bass, 1 chords, 2 lead. Start and length in samples. */
    public record Note(long start, int length, double freq, int voice, float gain, float pan) {
    }

    /** A drum hit: drum 0 kick, 1 snare, 2 hi-hat. */
    public record Hit(long start, int drum, float gain) {
    }

    /** Centre frequencies of the latent voices (band-pass noise), one per latent dimension. */
    public static final double[] LATENT_BANDS_HZ = {350, 800, 1800, 4000};
    /** Time constants of the latent Ornstein-Uhlenbeck processes, seconds. */
    public static final double[] LATENT_TIMESCALES_S = {0.4, 0.8, 1.6, 3.2};
    /** Control rate of the latent trajectories. */
    public static final double LATENT_RATE = 100;

    private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};
    private static final int[] MINOR = {0, 2, 3, 5, 7, 8, 10};
    private static final int[][] PROGRESSIONS = {{0, 4, 5, 3}, {0, 5, 3, 4}, {0, 3, 4, 3}, {5, 3, 0, 4}, {0, 0, 3, 4},
        {1, 4, 0, 0}, {0, 3, 0, 4}, {0, 6, 5, 4}};
    private static final int[] TWELVE_BAR = {0, 0, 0, 0, 3, 3, 0, 0, 4, 3, 0, 4};
    private static final String[] NOTE_NAMES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

    final String id;
    final String genre;
    final MusicStyle style;
    final double durationS;
    final int sampleRate;
    final int channels;
    final long frames;
    final double tempoBpm;
    final double swing;
    final int rootMidi;
    final boolean minor;
    final int[] progression;
    final String kick;
    final String snare;
    final String hat;
    final String bassPattern;
    final double latentLevel;
    final double[] latentOffsets;
    final float[][] latent; // [dimension][control frame]
    final List<Note> notes;
    final List<Hit> hits;
    final long seed;
    final double valence;
    final double arousal;

    private SongPlan(String id, String genre, MusicStyle style, double durationS, int sampleRate, int channels,
                     double tempoBpm, int rootMidi, boolean minor, int[] progression, String kick, String snare, String hat,
                     String bassPattern, double latentLevel, double[] latentOffsets, float[][] latent, List<Note> notes,
                     List<Hit> hits, long seed, double valence, double arousal) {
        this.id = id;
        this.genre = genre;
        this.style = style;
        this.durationS = durationS;
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.frames = Math.round(durationS * sampleRate);
        this.tempoBpm = tempoBpm;
        this.swing = style.swing();
        this.rootMidi = rootMidi;
        this.minor = minor;
        this.progression = progression;
        this.kick = kick;
        this.snare = snare;
        this.hat = hat;
        this.bassPattern = bassPattern;
        this.latentLevel = latentLevel;
        this.latentOffsets = latentOffsets;
        this.latent = latent;
        this.notes = notes;
        this.hits = hits;
        this.seed = seed;
        this.valence = valence;
        this.arousal = arousal;
    }

    public String id() {
        return id;
    }

    public String genre() {
        return genre;
    }

    public double durationS() {
        return durationS;
    }

    public long frames() {
        return frames;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int channels() {
        return channels;
    }

    public double tempoBpm() {
        return tempoBpm;
    }

    /**
     * The latent trajectory of dimension {@code d} at time {@code t} seconds (linear interpolation
     * of the control-rate track; the planted value, before any normalisation).
     */
    public double latentAt(int d, double t) {
        float[] x = latent[d];
        double p = t * LATENT_RATE;
        int i = (int) Math.floor(p);
        if (i < 0) {
            return x[0];
        }
        if (i >= x.length - 1) {
            return x[x.length - 1];
        }
        double f = p - i;
        return x[i] + f * (x[i + 1] - x[i]);
    }

    public int latentDimensions() {
        return latent.length;
    }

    /**
     * Draws a song.
     *
     * @param tempoBpm the tempo, or NaN to draw one from the style's range
     * @param valence,arousal the planted affect (DEAP-like clips), or NaN
     */
    public static SongPlan draw(long seed, String id, String genre, MusicStyle style, double durationS, int sampleRate,
                                int channels, double tempoBpm, int latentDims, double latentLevel, double valence,
                                double arousal) {
        SplittableRandom r = Seeds.random(seed, "song", id, "plan");
        double tempo = Double.isNaN(tempoBpm) ? Seeds.uniform(r, style.tempoLo(), style.tempoHi()) : tempoBpm;
        tempo = Math.round(tempo * 10) / 10.0;
        int root = 40 + r.nextInt(12); // E2 .. D#3 for the bass
        boolean minor = r.nextDouble() < style.minorProb();
        int[] prog = genre.equals("blues") ? TWELVE_BAR : PROGRESSIONS[r.nextInt(PROGRESSIONS.length)];
        String kick = pick(r, style.kicks());
        String snare = pick(r, style.snares());
        String hat = pick(r, style.hats());
        String bass = pick(r, style.bassPatterns());
        boolean sevenths = r.nextDouble() < style.seventhProb();

        double[] offsets = new double[latentDims];
        float[][] latent = new float[latentDims][];
        int controlFrames = (int) Math.ceil(durationS * LATENT_RATE) + 2;
        for (int d = 0; d < latentDims; d++) {
            SplittableRandom lr = Seeds.random(seed, "song", id, "latent", d);
            offsets[d] = 0.8 * Seeds.gaussian(lr);
            double tau = LATENT_TIMESCALES_S[d % LATENT_TIMESCALES_S.length];
            double a = StrictMath.exp(-1.0 / (LATENT_RATE * tau));
            double b = StrictMath.sqrt(1 - a * a);
            float[] x = new float[controlFrames];
            double v = Seeds.gaussian(lr);
            for (int i = 0; i < controlFrames; i++) {
                x[i] = (float) (offsets[d] + v);
                v = a * v + b * Seeds.gaussian(lr);
            }
            latent[d] = x;
        }

        double beat = 60.0 / tempo;
        double step = beat / 4;
        double bar = 4 * beat;
        int bars = (int) Math.ceil(durationS / bar);
        int[] scale = minor ? MINOR : MAJOR;
        List<Note> notes = new ArrayList<>();
        List<Hit> hits = new ArrayList<>();
        // two melodies (sections A and B), each 8 bars of (step, scale degree, length in steps)
        List<int[]> melodyA = melody(r, style.leadDensity() * 0.7, 8);
        List<int[]> melodyB = melody(r, Math.min(3, style.leadDensity() * 1.3), 8);
        float leadPan = (float) Seeds.uniform(r, -0.4, 0.4);
        for (int b = 0; b < bars; b++) {
            double t0 = b * bar;
            int section = b < 2 ? -1 : ((b - 2) / 8) % 2; // intro, then A, B, A, B, ...
            int inSection = b < 2 ? b : (b - 2) % 8;
            int degree = prog[b % prog.length];
            int chordRoot = root + scale[degree % 7] + 12 * (degree / 7);
            int[] chord = chord(scale, degree, sevenths);
            double sectionGain = section == 1 ? 1.15 : section == 0 ? 0.9 : 0.7;
            // drums (none in the first intro bar), with a fill on the last bar of each section
            boolean fill = inSection == 7;
            for (int s = 0; s < 16; s++) {
                double ts = t0 + (s + (s % 2 == 1 ? style.swing() * 2 : 0)) * step;
                if (b == 0 || style.drumLevel() == 0) {
                    break;
                }
                addHit(hits, r, kick.charAt(s), ts, 0, sampleRate);
                addHit(hits, r, fill && s >= 12 ? 'x' : snare.charAt(s), ts, 1, sampleRate);
                addHit(hits, r, section == -1 && s % 4 != 0 ? '.' : hat.charAt(s), ts, 2, sampleRate);
            }
            // bass
            for (int s = 0; s < 16; s++) {
                if (bass.charAt(s) == '.') {
                    continue;
                }
                int next = nextOn(bass, s);
                int pitch = switch (style.bassStyle()) {
                    case 1 -> (s / 4) % 2 == 0 ? chordRoot : chordRoot + 7;
                    case 2 -> chordRoot + scale[(s / 4 * 2) % 7] - (s / 4 == 3 ? 1 : 0);
                    case 3 -> (s % 4 == 2) ? chordRoot + 12 : chordRoot;
                    default -> chordRoot;
                };
                double ts = t0 + (s + (s % 2 == 1 ? style.swing() * 2 : 0)) * step;
                notes.add(note(ts, (next - s) * step * 0.85, pitch, 0, 0.9 * sectionGain, 0f, sampleRate));
            }
            // chords
            if (style.chordStyle() == 0) {
                for (int k = 0; k < chord.length; k++) {
                    notes.add(note(t0, bar * 0.98, chord[k] + root + 12, 1, 0.5 * sectionGain, (k - 1.5f) * 0.25f, sampleRate));
                }
            } else {
                String pattern = style.chordPattern();
                int arp = 0;
                for (int s = 0; s < 16; s++) {
                    if (pattern.charAt(s) == '.') {
                        continue;
                    }
                    double ts = t0 + (s + (s % 2 == 1 ? style.swing() * 2 : 0)) * step;
                    int next = nextOn(pattern, s);
                    switch (style.chordStyle()) {
                        case 1 -> { // short off-beat chords
                            for (int k = 0; k < 3; k++) {
                                notes.add(note(ts, step * 1.2, chord[k] + root + 12, 1, 0.45 * sectionGain, (k - 1) * 0.3f, sampleRate));
                            }
                        }
                        case 2 -> { // arpeggio
                            int tone = chord[arp++ % chord.length] + root + 12 + ((arp / chord.length) % 2) * 12;
                            notes.add(note(ts, (next - s) * step * 0.95, tone, 1, 0.55 * sectionGain, arp % 2 == 0 ? -0.3f : 0.3f, sampleRate));
                        }
                        default -> { // stabs or power chords: root, fifth, octave
                            int[] power = {0, 7, 12};
                            for (int k = 0; k < 3; k++) {
                                notes.add(note(ts, (next - s) * step * 0.9, chordRoot + 12 + power[k], 1, 0.45 * sectionGain,
                                        (k - 1) * 0.35f, sampleRate));
                            }
                        }
                    }
                }
            }
            // lead: the section's melody, shifted to the chord of the bar
            if (section >= 0) {
                for (int[] m : section == 0 ? melodyA : melodyB) {
                    if (m[0] / 16 != inSection) {
                        continue;
                    }
                    int s = m[0] % 16;
                    int deg = m[1] + degree;
                    int pitch = root + 12 * (style.leadOctave() - 3) + scale[Math.floorMod(deg, 7)] + 12 * Math.floorDiv(deg, 7);
                    double ts = t0 + (s + (s % 2 == 1 ? style.swing() * 2 : 0)) * step;
                    notes.add(note(ts, m[2] * step * 0.85, pitch, 2, 0.8 * sectionGain, leadPan, sampleRate));
                }
            }
        }
        long frames = Math.round(durationS * sampleRate);
        notes.removeIf(n -> n.start() >= frames);
        hits.removeIf(h -> h.start() >= frames);
        notes.sort(Comparator.comparingLong(Note::start));
        hits.sort(Comparator.comparingLong(Hit::start));
        return new SongPlan(id, genre, style, durationS, sampleRate, channels, tempo, root, minor, prog, kick, snare, hat,
                bass, latentLevel, offsets, latent, notes, hits, seed, valence, arousal);
    }

    private static String pick(SplittableRandom r, List<String> options) {
        return options.get(r.nextInt(options.size()));
    }

    private static int nextOn(String pattern, int s) {
        for (int k = s + 1; k < 16; k++) {
            if (pattern.charAt(k) != '.') {
                return k;
            }
        }
        return 16;
    }

    private static int[] chord(int[] scale, int degree, boolean seventh) {
        int n = seventh ? 4 : 3;
        int[] c = new int[n];
        for (int k = 0; k < n; k++) {
            int d = degree + 2 * k;
            c[k] = scale[d % 7] + 12 * (d / 7);
        }
        return c;
    }

    /** A melody over {@code bars} bars: note steps chosen by density (on-beats favoured), a random walk in scale degrees. */
    private static List<int[]> melody(SplittableRandom r, double perBeat, int bars) {
        List<int[]> m = new ArrayList<>();
        int deg = 2;
        int last = -1;
        for (int s = 0; s < bars * 16; s++) {
            double w = s % 4 == 0 ? 1.6 : s % 2 == 0 ? 1.0 : 0.4;
            if (r.nextDouble() < perBeat / 4 * w) {
                int[] steps = {-2, -1, -1, 0, 1, 1, 2, 3};
                deg = Math.max(-3, Math.min(9, deg + steps[r.nextInt(steps.length)]));
                if (s % 4 == 0 && Math.floorMod(deg, 2) == 1) {
                    deg += r.nextBoolean() ? 1 : -1; // chord tones (even degrees) on the beat
                }
                if (last >= 0) {
                    m.get(m.size() - 1)[2] = Math.min(4, s - last);
                }
                m.add(new int[] {s, deg, 2});
                last = s;
            }
        }
        return m;
    }

    private static void addHit(List<Hit> hits, SplittableRandom r, char c, double t, int drum, int sr) {
        if (c == '.') {
            return;
        }
        float gain = (float) ((c == 'x' ? 1.0 : 0.5) * (0.9 + 0.2 * r.nextDouble()));
        hits.add(new Hit(Math.round(t * sr), drum, gain));
    }

    private static Note note(double t, double lengthS, int midi, int voice, double gain, float pan, int sr) {
        double f = 440.0 * StrictMath.pow(2.0, (midi - 69) / 12.0);
        return new Note(Math.round(t * sr), (int) Math.max(1, Math.round(lengthS * sr)), f, voice, (float) gain, pan);
    }

    /** The planted description, for ground_truth.json. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("genre", genre);
        m.put("duration_s", durationS);
        m.put("sample_rate", sampleRate);
        m.put("channels", channels);
        m.put("tempo_bpm", tempoBpm);
        m.put("swing", swing);
        m.put("key", NOTE_NAMES[rootMidi % 12] + (minor ? " minor" : " major"));
        m.put("root_midi", rootMidi);
        m.put("mode", minor ? "minor" : "major");
        m.put("progression_degrees", progression);
        m.put("kick_pattern", kick);
        m.put("snare_pattern", snare);
        m.put("hat_pattern", hat);
        m.put("bass_pattern", bassPattern);
        m.put("bass_style", style.bassStyle());
        m.put("chord_style", style.chordStyle());
        m.put("lead_tilt", style.leadTilt());
        m.put("pad_tilt", style.padTilt());
        m.put("drive", style.drive());
        m.put("notes", notes.size());
        m.put("drum_hits", hits.size());
        m.put("latent_offsets", latentOffsets);
        m.put("latent_level", latentLevel);
        if (!Double.isNaN(valence)) {
            m.put("valence", valence);
            m.put("arousal", arousal);
        }
        m.put("seed", Seeds.derive(seed, "song", id, "plan"));
        return m;
    }
}
