package org.cortexflow.tasks.io.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;

/** FLAC decoded with jFLAC (lossless: samples are exact, scaled by 2^(bits-1)). */
final class FlacSource implements AudioSource {

    private final Path file;
    private final InputStream in;
    private final FLACDecoder dec;
    private final int channels;
    private final int rate;
    private final int bits;
    private final long total;
    private final float scale;
    private int[][] pending;
    private int pendingFrom;
    private int pendingLen;
    private long decoded;

    private FlacSource(Path file, InputStream in, FLACDecoder dec, StreamInfo info) {
        this.file = file;
        this.in = in;
        this.dec = dec;
        this.channels = info.getChannels();
        this.rate = info.getSampleRate();
        this.bits = info.getBitsPerSample();
        this.total = info.getTotalSamples();
        this.scale = (float) (1.0 / (1L << (bits - 1)));
    }

    static AudioSource open(Path file) throws IOException, FileFormatError {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        FLACDecoder dec = new FLACDecoder(in);
        try {
            dec.readMetadata();
            StreamInfo info = dec.getStreamInfo();
            if (info == null) {
                throw new FileFormatError(file, 4, "STREAMINFO", "no STREAMINFO metadata block", "not a valid FLAC file");
            }
            if (info.getChannels() < 1 || info.getChannels() > 8 || info.getSampleRate() < 1
                    || info.getBitsPerSample() < 4 || info.getBitsPerSample() > 32) {
                throw new FileFormatError(file, 8, "STREAMINFO", "impossible stream parameters: " + info.getChannels() + " channels, "
                        + info.getSampleRate() + " Hz, " + info.getBitsPerSample() + " bits");
            }
            return new FlacSource(file, in, dec, info);
        } catch (IOException | RuntimeException e) {
            in.close();
            // jFLAC reports damaged streams as plain IOExceptions (e.g. STREAM_DECODER_ERROR_STATUS_LOST_SYNC)
            throw new FileFormatError(file, dec.getTotalBytesRead(), "metadata", "damaged FLAC metadata: " + e,
                    "the file is truncated or corrupt");
        } catch (FileFormatError e) {
            in.close();
            throw e;
        }
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public double sampleRate() {
        return rate;
    }

    @Override
    public long declaredFrames() {
        return total > 0 ? total : -1;
    }

    @Override
    public String format() {
        return "FLAC " + bits + "-bit";
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bits_per_sample", bits);
        m.put("decoder", "jFLAC (org.jflac:jflac-codec 1.5.2)");
        m.put("warnings", List.of());
        return m;
    }

    @Override
    public int read(float[][] dst, int max) throws IOException, FileFormatError {
        if (pendingLen == 0 && !next()) {
            return 0;
        }
        int n = Math.min(max, pendingLen);
        for (int c = 0; c < channels; c++) {
            int[] src = pending[c];
            float[] d = dst[c];
            for (int i = 0; i < n; i++) {
                d[i] = src[pendingFrom + i] * scale;
            }
        }
        pendingFrom += n;
        pendingLen -= n;
        return n;
    }

    private boolean next() throws IOException, FileFormatError {
        Frame f;
        try {
            f = dec.readNextFrame();
        } catch (IOException | RuntimeException e) {
            throw new FileFormatError(file, dec.getTotalBytesRead(), "frame", "damaged FLAC frame after " + decoded
                    + " samples: " + e, "the file is truncated or corrupt");
        }
        if (dec.getBadFrames() > 0) {
            throw new FileFormatError(file, dec.getTotalBytesRead(), "frame", dec.getBadFrames()
                    + " FLAC frame(s) failed their checks after " + decoded + " samples", "the file is corrupt");
        }
        if (f == null) {
            if (total > 0 && decoded != total) {
                throw new FileFormatError(file, dec.getTotalBytesRead(), "frames", "the stream ends after " + decoded
                        + " of the " + total + " samples STREAMINFO declares", "the file is truncated");
            }
            return false;
        }
        int bs = f.header.blockSize;
        if (f.header.channels != channels || bs <= 0 || total > 0 && decoded + bs > total) {
            throw new FileFormatError(file, dec.getTotalBytesRead(), "frame header", "a frame of " + bs + " samples in "
                    + f.header.channels + " channels contradicts STREAMINFO (" + channels + " channels, " + total + " samples)");
        }
        org.jflac.ChannelData[] cd = dec.getChannelData();
        if (pending == null) {
            pending = new int[channels][];
        }
        for (int c = 0; c < channels; c++) {
            pending[c] = cd[c].getOutput();
        }
        pendingFrom = 0;
        pendingLen = bs;
        decoded += bs;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
