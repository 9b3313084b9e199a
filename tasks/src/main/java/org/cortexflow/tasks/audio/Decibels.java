package org.cortexflow.tasks.audio;

/**
 * Amplitude or power to decibels; matches torchaudio.functional.amplitude_to_DB (amin 1e-10,
 * ref 1, top_db clipping below the maximum of the whole spectrogram), i.e. librosa.power_to_db
 * with ref=1.0.
 */
public final class Decibels {

    public static final double AMIN = 1e-10;

    private Decibels() {
    }

    /** In place: {@code 10 log10(max(x, amin))}, then clipped at {@code max - topDb} (NaN topDb: no clipping). */
    public static void powerToDb(float[] x, double topDb) {
        toDb(x, 0, x.length, 10.0, topDb);
    }

    /** In place: {@code 20 log10(max(x, amin))}, then clipped at {@code max - topDb}. */
    public static void amplitudeToDb(float[] x, double topDb) {
        toDb(x, 0, x.length, 20.0, topDb);
    }

    /** In place on {@code x[off .. off + len)}, one spectrogram; {@code multiplier} 10 (power) or 20 (amplitude). */
    public static void toDb(float[] x, int off, int len, double multiplier, double topDb) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = off; i < off + len; i++) {
            double v = multiplier * Math.log10(Math.max(x[i], AMIN));
            x[i] = (float) v;
            max = Math.max(max, v);
        }
        if (!Double.isNaN(topDb) && len > 0) {
            float floor = (float) (max - topDb);
            for (int i = off; i < off + len; i++) {
                if (x[i] < floor) {
                    x[i] = floor;
                }
            }
        }
    }
}
