package org.cortexflow.tasks.io.audio;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import org.cortexflow.tasks.artifact.FileFormatError;

/** Decoded audio read in blocks: float samples per channel, nominally in [-1, 1]. */
public interface AudioSource extends Closeable {

    int channels();

    double sampleRate();

    /** The number of frames the header declares, or -1 when only decoding tells. */
    long declaredFrames();

    /** A short name of the format and encoding, e.g. "WAV PCM 16-bit", "FLAC 24-bit", "Ogg Vorbis". */
    String format();

    /** What else the file says (decoder, bit depth, tags), for meta.json. */
    Map<String, Object> details();

    /**
     * Reads up to {@code max} frames into {@code dst[channel][0..]}.
     *
     * @return the number of frames read, 0 at the end
     * @throws FileFormatError when the data is damaged
     */
    int read(float[][] dst, int max) throws IOException, FileFormatError;
}
