package org.cortexflow.tasks.io.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.tasks.artifact.FileFormatError;

/**
 * RIFF WAVE (and RF64) files: PCM 8/16/24/32-bit, IEEE float 32/64-bit, mu-law and A-law, plain or
 * WAVE_FORMAT_EXTENSIBLE, with any chunks (LIST, fact, bext, ...) before or after {@code data}.
 */
final class WavReader {

    private static final int PCM = 1;
    private static final int FLOAT = 3;
    private static final int ALAW = 6;
    private static final int MULAW = 7;
    private static final int EXTENSIBLE = 0xFFFE;

    private WavReader() {
    }

    static AudioSource open(Path file) throws IOException, FileFormatError {
        long size = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = read(ch, file, 0, 12);
            String riff = fourcc(head, 0);
            if (!(riff.equals("RIFF") || riff.equals("RF64")) || !fourcc(head, 8).equals("WAVE")) {
                throw new FileFormatError(file, 0, "magic", "expected RIFF....WAVE, found " + fourcc(head, 0) + "...." + fourcc(head, 8));
            }
            List<String> warnings = new ArrayList<>();
            ByteBuffer fmt = null;
            long fmtAt = -1;
            long dataAt = -1;
            long dataSize = -1;
            long ds64Data = -1;
            long at = 12;
            while (at + 8 <= size) {
                ByteBuffer h = read(ch, file, at, 8);
                String id = fourcc(h, 0);
                long len = Integer.toUnsignedLong(h.getInt(4));
                if (id.equals("data")) {
                    dataAt = at + 8;
                    dataSize = len;
                    break;
                }
                if (len > size - at - 8) {
                    throw new FileFormatError(file, at + 4, "chunk '" + id + "' size", "chunk of " + len + " bytes runs past the end of the "
                            + size + "-byte file", "the file is truncated or the chunk size is wrong");
                }
                if (id.equals("fmt ")) {
                    if (len < 16) {
                        throw new FileFormatError(file, at + 4, "fmt size", "the fmt chunk has " + len + " bytes; at least 16 are needed");
                    }
                    fmt = read(ch, file, at + 8, (int) Math.min(len, 40));
                    fmtAt = at + 8;
                } else if (id.equals("ds64") && len >= 16) {
                    ds64Data = read(ch, file, at + 8, 16).getLong(8);
                }
                at += 8 + len + (len & 1);
            }
            if (fmt == null) {
                throw new FileFormatError(file, 12, "fmt", "no fmt chunk before the data", "not a valid WAV file");
            }
            if (dataAt < 0) {
                throw new FileFormatError(file, at, "data", "no data chunk", "the file is truncated");
            }
            int tag = Short.toUnsignedInt(fmt.getShort(0));
            int channels = Short.toUnsignedInt(fmt.getShort(2));
            long rate = Integer.toUnsignedLong(fmt.getInt(4));
            int align = Short.toUnsignedInt(fmt.getShort(12));
            int bits = Short.toUnsignedInt(fmt.getShort(14));
            int format = tag;
            if (tag == EXTENSIBLE) {
                if (fmt.limit() < 40) {
                    throw new FileFormatError(file, fmtAt, "fmt", "WAVE_FORMAT_EXTENSIBLE needs a 40-byte fmt chunk, found " + fmt.limit());
                }
                format = Short.toUnsignedInt(fmt.getShort(24));
                int valid = Short.toUnsignedInt(fmt.getShort(18));
                if (valid != 0 && valid != bits) {
                    warnings.add(valid + " valid bits in " + bits + "-bit containers; samples scaled by the container size");
                }
            }
            PcmEncoding enc = encoding(file, fmtAt, format, bits);
            if (channels < 1 || channels > PcmSource.MAX_CHANNELS) {
                throw new FileFormatError(file, fmtAt + 2, "channels", "channel count " + channels + " is not 1 to " + PcmSource.MAX_CHANNELS);
            }
            if (rate < 1) {
                throw new FileFormatError(file, fmtAt + 4, "sample rate", "sample rate " + rate + " is not positive");
            }
            if (align != channels * enc.bytes()) {
                throw new FileFormatError(file, fmtAt + 12, "block align", "block align " + align + " contradicts " + channels
                        + " channels of " + bits + "-bit samples (" + channels * enc.bytes() + " bytes)");
            }
            long available = size - dataAt;
            if (riff.equals("RF64") && dataSize == 0xFFFFFFFFL && ds64Data >= 0) {
                dataSize = ds64Data;
            }
            if (dataSize == 0xFFFFFFFFL || dataSize == 0 && available > 0) {
                warnings.add("the data chunk gives no size (" + dataSize + "); reading to the end of the file");
                dataSize = available;
            } else if (dataSize > available) {
                throw new FileFormatError(file, dataAt - 4, "data size", "the data chunk declares " + dataSize + " bytes but only "
                        + available + " follow", "the file is truncated");
            }
            long frames = dataSize / align;
            if (dataSize % align != 0) {
                warnings.add("the data size is not a whole number of frames; " + dataSize % align + " trailing bytes ignored");
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("bits_per_sample", bits);
            details.put("wave_format", tag == EXTENSIBLE ? "extensible" : tag == FLOAT ? "float" : tag == PCM ? "pcm" : "g711");
            details.put("warnings", warnings);
            return new PcmSource(file, "WAV", enc, false, channels, rate, dataAt, frames, details);
        }
    }

    private static PcmEncoding encoding(Path file, long fmtAt, int format, int bits) throws FileFormatError {
        if (format == PCM) {
            switch (bits) {
                case 8: return PcmEncoding.UINT8;
                case 16: return PcmEncoding.INT16;
                case 24: return PcmEncoding.INT24;
                case 32: return PcmEncoding.INT32;
                default: break;
            }
        } else if (format == FLOAT && (bits == 32 || bits == 64)) {
            return bits == 32 ? PcmEncoding.FLOAT32 : PcmEncoding.FLOAT64;
        } else if (format == MULAW && bits == 8) {
            return PcmEncoding.MULAW;
        } else if (format == ALAW && bits == 8) {
            return PcmEncoding.ALAW;
        }
        throw new FileFormatError(file, fmtAt, "format", "WAV format 0x" + Integer.toHexString(format) + " with " + bits
                + "-bit samples is not supported", "supported: PCM 8/16/24/32-bit, IEEE float 32/64-bit, mu-law, A-law");
    }

    static ByteBuffer read(FileChannel ch, Path file, long at, int len) throws IOException, FileFormatError {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new FileFormatError(file, at + b.position(), "header", "the file ends inside a " + len + "-byte header field",
                        "the file is truncated");
            }
        }
        return b.flip();
    }

    static String fourcc(ByteBuffer b, int at) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            int c = b.get(at + i) & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return sb.toString();
    }
}
