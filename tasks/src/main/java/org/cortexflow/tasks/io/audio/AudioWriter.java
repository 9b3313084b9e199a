package org.cortexflow.tasks.io.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyWriter;
import org.cortexflow.tasks.signal.PolyphaseResampler;

/**
 * Writes an audio artifact ({@code audio.npy} float32 [channels, samples] in [-1, 1] and
 * {@code meta.json}) from a decoder, block by block: the decoded frames go to a scratch file first
 * (so their count need not be known in advance and the heap holds one block), then into
 * channel-major order, optionally averaged to mono and resampled.
 */
public final class AudioWriter {

    public static final String AUDIO = "audio.npy";
    private static final int BLOCK = 1 << 15;

    /**
     * @param targetRate the sample rate to resample to, or 0 to keep the file's
     * @param mono average the channels into one
     */
    public record Options(double targetRate, boolean mono) {
    }

    private AudioWriter() {
    }

    /**
     * Decodes {@code file} into an audio artifact in {@code dir}; returns its meta.json, which names
     * the file as {@code source} unless {@code extraMeta} does.
     */
    public static Map<String, Object> write(Path file, Options opt, Path dir, Map<String, ?> extraMeta)
            throws IOException, FileFormatError {
        Path scratch = Files.createTempFile(dir, ".decoded", ".f32");
        try (AudioSource src = AudioFiles.open(file)) {
            int ch = src.channels();
            int outCh = opt.mono() ? 1 : ch;
            long maxFrames = Math.max(1 << 20, Files.size(file) * 8192L);
            long frames = 0;
            long clipped = 0;
            float[][] block = new float[ch][BLOCK];
            ByteBuffer bytes = ByteBuffer.allocateDirect(BLOCK * outCh * 4).order(ByteOrder.LITTLE_ENDIAN);
            try (FileChannel out = FileChannel.open(scratch, StandardOpenOption.WRITE)) {
                int n;
                while ((n = src.read(block, BLOCK)) > 0) {
                    frames += n;
                    if (frames > maxFrames) {
                        throw new FileFormatError(file, -1, "data", "decoding yields more than " + maxFrames
                                + " frames from a " + Files.size(file) + "-byte file", "the file is corrupt");
                    }
                    bytes.clear();
                    for (int i = 0; i < n; i++) {
                        if (opt.mono()) {
                            double s = 0;
                            for (int c = 0; c < ch; c++) {
                                s += block[c][i];
                            }
                            float v = (float) (s / ch);
                            if (v > 1f || v < -1f) {
                                clipped++;
                                v = Math.max(-1f, Math.min(1f, v));
                            }
                            bytes.putFloat(Float.isNaN(v) ? 0f : v);
                        } else {
                            for (int c = 0; c < ch; c++) {
                                float v = block[c][i];
                                if (v > 1f || v < -1f) {
                                    clipped++;
                                    v = Math.max(-1f, Math.min(1f, v));
                                }
                                bytes.putFloat(Float.isNaN(v) ? 0f : v);
                            }
                        }
                    }
                    bytes.flip();
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                }
            }
            if (frames == 0) {
                throw new FileFormatError(file, -1, "data", "the file holds no audio samples");
            }
            List<String> warnings = new ArrayList<>(warningsOf(src));
            if (src.declaredFrames() >= 0 && src.declaredFrames() != frames) {
                warnings.add("the header declares " + src.declaredFrames() + " frames; decoding gave " + frames);
            }
            if (clipped > 0) {
                warnings.add(clipped + " decoded samples beyond [-1, 1] were clipped");
            }
            double rate = src.sampleRate();
            double outRate = rate;
            long outFrames = frames;
            Map<String, Object> meta = new TreeMap<>(extraMeta);
            try (FileChannel in = FileChannel.open(scratch, StandardOpenOption.READ)) {
                if (opt.targetRate() > 0 && opt.targetRate() != rate) {
                    PolyphaseResampler rs = PolyphaseResampler.between(rate, opt.targetRate());
                    outFrames = rs.outputLength(frames);
                    outRate = opt.targetRate();
                    resample(in, frames, outCh, rs, dir.resolve(AUDIO), outFrames);
                    meta.put("source_sample_rate", rate);
                    meta.put("resampling", "polyphase FIR up " + rs.up() + " / down " + rs.down()
                            + ", Kaiser beta 5.0 (scipy.signal.resample_poly)");
                } else {
                    transpose(in, frames, outCh, dir.resolve(AUDIO));
                }
            }
            meta.put("kind", "audio");
            meta.put("sample_rate", outRate);
            meta.put("n_channels", outCh);
            meta.put("n_samples", outFrames);
            meta.put("duration_s", outFrames / outRate);
            meta.putIfAbsent("source", file.toString());
            meta.put("format", src.format());
            meta.put("source_channels", ch);
            meta.put("clipped_samples", clipped);
            Map<String, Object> details = new TreeMap<>(src.details());
            details.remove("warnings");
            meta.put("file", details);
            meta.put("warnings", warnings);
            MetaJson.write(dir, meta);
            return meta;
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> warningsOf(AudioSource src) {
        Object w = src.details().get("warnings");
        return w instanceof List<?> l ? (List<String>) l : List.of();
    }

    /** Interleaved scratch frames to channel-major audio.npy. */
    private static void transpose(FileChannel in, long frames, int ch, Path npy) throws IOException {
        ByteBuffer b = ByteBuffer.allocateDirect(BLOCK * ch * 4).order(ByteOrder.LITTLE_ENDIAN);
        float[][] cols = new float[ch][BLOCK];
        try (NpyWriter w = NpyWriter.float32(npy, ch, frames)) {
            for (long f = 0; f < frames; f += BLOCK) {
                int n = (int) Math.min(BLOCK, frames - f);
                readFully(in, b, f * ch * 4, n * ch * 4);
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < ch; c++) {
                        cols[c][i] = b.getFloat((i * ch + c) * 4);
                    }
                }
                for (int c = 0; c < ch; c++) {
                    w.write(c * frames + f, cols[c], 0, n);
                }
            }
        }
    }

    private static void resample(FileChannel in, long frames, int ch, PolyphaseResampler rs, Path npy, long outFrames)
            throws IOException {
        try (NpyWriter w = NpyWriter.float32(npy, ch, outFrames)) {
            for (int c = 0; c < ch; c++) {
                final int channel = c;
                ByteBuffer b = ByteBuffer.allocateDirect(BLOCK * ch * 4).order(ByteOrder.LITTLE_ENDIAN);
                rs.resample((start, dst, off, len) -> {
                    for (int done = 0; done < len; ) {
                        int n = Math.min(BLOCK, len - done);
                        readFully(in, b, (start + done) * ch * 4, n * ch * 4);
                        for (int i = 0; i < n; i++) {
                            dst[off + done + i] = b.getFloat((i * ch + channel) * 4);
                        }
                        done += n;
                    }
                }, frames, (start, src, off, len) -> {
                    float[] f = new float[len];
                    for (int i = 0; i < len; i++) {
                        f[i] = (float) Math.max(-1.0, Math.min(1.0, src[off + i]));
                    }
                    w.write(channel * outFrames + start, f, 0, len);
                });
            }
        }
    }

    private static void readFully(FileChannel in, ByteBuffer b, long at, int len) throws IOException {
        b.clear().limit(len);
        while (b.hasRemaining()) {
            if (in.read(b, at + b.position()) < 0) {
                throw new IOException("scratch file shorter than written");
            }
        }
    }
}
