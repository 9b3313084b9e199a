package org.cortexflow.tasks.io.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.Obuffer;
import org.cortexflow.tasks.artifact.FileFormatError;

/**
 * MPEG-1/2/2.5 Layer I-III decoded with JLayer, in float. Gapless like libmpg123: with a LAME/Lavc
 * Info tag the tag frame is not decoded, encoder delay + 529 decoder-delay samples are skipped and
 * the encoder padding is cut, so the output lines up sample for sample with mpg123's.
 */
final class Mp3Source implements AudioSource {

    /** JLayer's synthesis filter scales its float output by 32700 (its Decoder's default), not 32768. */
    private static final float JLAYER_SCALE = 1f / 32700f;
    private static final int DECODER_DELAY = 529;

    private final Path file;
    private final Bitstream bits;
    private final Decoder decoder = new Decoder();
    private final int channels;
    private final int rate;
    private final String layer;
    private final long skip;
    private final long end;
    private final long declared;
    private final List<String> warnings = new ArrayList<>();
    private final float[][] frame = new float[2][1152];
    private final int[] filled = new int[2];
    private int frameLen;
    private int frameFrom;
    private long produced;
    private long position;
    private int frames;

    private Mp3Source(Path file, Bitstream bits, Header first, Gapless g) {
        this.file = file;
        this.bits = bits;
        this.channels = first.mode() == Header.SINGLE_CHANNEL ? 1 : 2;
        this.rate = first.frequency();
        this.layer = first.version_string() + " Layer " + first.layer_string();
        if (g.found()) {
            this.skip = g.delay() + DECODER_DELAY;
            long total = g.frames() > 0 ? g.frames() * (long) g.samplesPerFrame() : Long.MAX_VALUE / 2;
            this.end = Math.min(total, total - g.padding() + DECODER_DELAY);
            this.declared = g.frames() > 0 ? end - skip : -1;
        } else {
            this.skip = 0;
            this.end = Long.MAX_VALUE;
            this.declared = -1;
        }
        decoder.setOutputBuffer(new Obuffer() {
            @Override
            public void append(int channel, short value) {
                frame[channel][filled[channel]++] = value * JLAYER_SCALE;
            }

            @Override
            public void appendSamples(int channel, float[] f) {
                if (channel < 2 && filled[channel] + f.length <= frame[channel].length) {
                    for (float v : f) {
                        frame[channel][filled[channel]++] = v * JLAYER_SCALE;
                    }
                }
            }

            @Override
            public void write_buffer(int v) {
            }

            @Override
            public void close() {
            }

            @Override
            public void clear_buffer() {
            }

            @Override
            public void set_stop_flag() {
            }
        });
    }

    /** What a LAME (or ffmpeg "Lavc"/"Lavf") Info/Xing tag says about encoder delay and padding. */
    record Gapless(boolean found, long frames, int delay, int padding, int samplesPerFrame, long audioStart) {
    }

    static AudioSource open(Path file) throws IOException, FileFormatError {
        long size = Files.size(file);
        long start = skipId3(file, size);
        Gapless g = gapless(file, start, size);
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            in.skipNBytes(g.audioStart());
            Bitstream bs = new Bitstream(in);
            Header first = bs.readFrame();
            if (first == null) {
                throw new FileFormatError(file, g.audioStart(), "frame sync", "no MPEG audio frame found", "not an MP3 file");
            }
            bs.unreadFrame();
            return new Mp3Source(file, bs, first, g);
        } catch (JavaLayerException | RuntimeException e) {
            in.close();
            throw new FileFormatError(file, g.audioStart(), "frame header", "no decodable MPEG audio frame: " + e.getMessage(),
                    "not an MP3 file, or corrupt");
        } catch (IOException | FileFormatError e) {
            in.close();
            throw e;
        }
    }

    /** The offset of the first byte after any ID3v2 tags. */
    private static long skipId3(Path file, long size) throws IOException, FileFormatError {
        long at = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (at + 10 <= size) {
                ByteBuffer h = WavReader.read(ch, file, at, 10);
                if (h.get(0) != 'I' || h.get(1) != 'D' || h.get(2) != '3') {
                    break;
                }
                long len = 0;
                for (int i = 6; i < 10; i++) {
                    int b = h.get(i) & 0xFF;
                    if (b > 0x7F) {
                        throw new FileFormatError(file, at + i, "ID3v2 size", "not a synchsafe integer (byte 0x" + Integer.toHexString(b) + ")");
                    }
                    len = len << 7 | b;
                }
                long tag = 10 + len + ((h.get(5) & 0x10) != 0 ? 10 : 0);
                if (at + tag > size) {
                    throw new FileFormatError(file, at + 6, "ID3v2 size", "an ID3v2 tag of " + tag + " bytes runs past the end of the "
                            + size + "-byte file", "the file is truncated");
                }
                at += tag;
            }
        }
        return at;
    }

    private static Gapless gapless(Path file, long start, long size) throws IOException, FileFormatError {
        Gapless none = new Gapless(false, 0, 0, 0, 0, start);
        if (start + 4 > size) {
            throw new FileFormatError(file, start, "frame sync", "no MPEG audio data after the tags", "the file is truncated");
        }
        int len = (int) Math.min(size - start, 4096);
        ByteBuffer b;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            b = WavReader.read(ch, file, start, len).order(java.nio.ByteOrder.BIG_ENDIAN);
        }
        int h = b.getInt(0);
        if ((h & 0xFFE00000) != 0xFFE00000) {
            return none;
        }
        int version = (h >> 19) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
        int layer = (h >> 17) & 3; // 1 = Layer III
        int rateIdx = (h >> 10) & 3;
        int brIdx = (h >> 12) & 15;
        boolean mono = ((h >> 6) & 3) == 3;
        if (layer != 1 || rateIdx == 3 || brIdx == 0 || brIdx == 15 || version == 1) {
            return none;
        }
        int side = version == 3 ? (mono ? 17 : 32) : (mono ? 9 : 17);
        int x = 4 + side;
        if (x + 8 > len) {
            return none;
        }
        String tag = WavReader.fourcc(b, x);
        if (!tag.equals("Xing") && !tag.equals("Info")) {
            return none;
        }
        int flags = b.getInt(x + 4);
        int o = x + 8;
        long frames = 0;
        if ((flags & 1) != 0 && o + 4 <= len) {
            frames = Integer.toUnsignedLong(b.getInt(o));
            o += 4;
        }
        o += ((flags & 2) != 0 ? 4 : 0) + ((flags & 4) != 0 ? 100 : 0) + ((flags & 8) != 0 ? 4 : 0);
        int spf = version == 3 ? 1152 : 576;
        int[][] rates = {{11025, 12000, 8000}, {0, 0, 0}, {22050, 24000, 16000}, {44100, 48000, 32000}};
        int[] br1 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
        int[] br2 = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
        int sr = rates[version][rateIdx];
        int kbps = version == 3 ? br1[brIdx] : br2[brIdx];
        int frameBytes = (version == 3 ? 144 : 72) * kbps * 1000 / sr + ((h >> 9) & 1);
        long audioStart = start + frameBytes;
        if (audioStart >= size) {
            throw new FileFormatError(file, start, "Info frame", "the file ends inside its first (Xing/Info) frame of "
                    + frameBytes + " bytes", "the file is truncated");
        }
        if (o + 24 > len) {
            return new Gapless(false, frames, 0, 0, spf, audioStart);
        }
        String enc = WavReader.fourcc(b, o);
        if (!(enc.equals("LAME") || enc.startsWith("Lav") || enc.equals("GOGO"))) {
            return new Gapless(false, frames, 0, 0, spf, audioStart);
        }
        int d0 = b.get(o + 21) & 0xFF;
        int d1 = b.get(o + 22) & 0xFF;
        int d2 = b.get(o + 23) & 0xFF;
        return new Gapless(true, frames, (d0 << 4) | (d1 >> 4), ((d1 & 0x0F) << 8) | d2, spf, audioStart);
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
        return declared;
    }

    @Override
    public String format() {
        return layer;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decoder", "JLayer (com.googlecode.soundlibs:jlayer 1.0.1.4), float output");
        m.put("gapless", skip > 0 ? "LAME/Lavc tag: skipped " + skip + " samples (encoder delay + 529)" : "no gapless tag");
        m.put("warnings", warnings);
        return m;
    }

    @Override
    public int read(float[][] dst, int max) throws IOException, FileFormatError {
        while (true) {
            if (frameLen > frameFrom) {
                // drop the samples before `skip` and from `end` on
                long s0 = position;
                int lo = (int) Math.max(0, Math.min(frameLen - frameFrom, skip - s0));
                if (lo > 0) {
                    frameFrom += lo;
                    position += lo;
                    continue;
                }
                int n = (int) Math.min(Math.min(max, frameLen - frameFrom), end - position);
                if (n <= 0) {
                    return 0;
                }
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(frame[c], frameFrom, dst[c], 0, n);
                }
                frameFrom += n;
                position += n;
                produced += n;
                return n;
            }
            if (!decodeFrame()) {
                return 0;
            }
        }
    }

    private boolean decodeFrame() throws FileFormatError {
        try {
            Header h = bits.readFrame();
            if (h == null) {
                return false;
            }
            int ch = h.mode() == Header.SINGLE_CHANNEL ? 1 : 2;
            if (ch != channels || h.frequency() != rate) {
                throw new FileFormatError(file, bits.header_pos(), "frame header", "frame " + frames + " has " + ch + " channels at "
                        + h.frequency() + " Hz; the stream started with " + channels + " at " + rate, "the file is corrupt or concatenated");
            }
            filled[0] = 0;
            filled[1] = 0;
            decoder.decodeFrame(h, bits);
            bits.closeFrame();
            frames++;
            frameLen = filled[0];
            if (channels == 2 && filled[1] != filled[0]) {
                throw new FileFormatError(file, bits.header_pos(), "frame", "frame " + frames + " decoded to unequal channels");
            }
            frameFrom = 0;
            return true;
        } catch (JavaLayerException | RuntimeException e) {
            throw new FileFormatError(file, bits.header_pos(), "frame", "damaged MPEG audio frame " + frames + ": " + e,
                    "the file is corrupt");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            bits.close();
        } catch (JavaLayerException e) {
            throw new IOException(e);
        }
    }
}
