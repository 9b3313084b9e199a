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
 * AIFF and AIFF-C: big-endian PCM 8-32-bit, and the AIFF-C types NONE, sowt (little-endian PCM),
 * fl32/fl64 (float), ulaw and alaw; chunks in any order.
 */
final class AiffReader {

    private AiffReader() {
    }

    static AudioSource open(Path file) throws IOException, FileFormatError {
        long size = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = WavReader.read(ch, file, 0, 12).order(ByteOrder.BIG_ENDIAN);
            String form = WavReader.fourcc(head, 8);
            if (!WavReader.fourcc(head, 0).equals("FORM") || !(form.equals("AIFF") || form.equals("AIFC"))) {
                throw new FileFormatError(file, 0, "magic", "expected FORM....AIFF or AIFC, found " + WavReader.fourcc(head, 0)
                        + "...." + form);
            }
            boolean aifc = form.equals("AIFC");
            ByteBuffer comm = null;
            long commAt = -1;
            long ssndAt = -1;
            long ssndLen = -1;
            long at = 12;
            while (at + 8 <= size) {
                ByteBuffer h = WavReader.read(ch, file, at, 8).order(ByteOrder.BIG_ENDIAN);
                String id = WavReader.fourcc(h, 0);
                long len = Integer.toUnsignedLong(h.getInt(4));
                if (len > size - at - 8) {
                    if (id.equals("SSND")) {
                        throw new FileFormatError(file, at + 4, "SSND size", "the sound data chunk declares " + len
                                + " bytes but only " + (size - at - 8) + " follow", "the file is truncated");
                    }
                    throw new FileFormatError(file, at + 4, "chunk '" + id + "' size", "chunk of " + len
                            + " bytes runs past the end of the " + size + "-byte file", "the file is truncated");
                }
                if (id.equals("COMM")) {
                    if (len < 18) {
                        throw new FileFormatError(file, at + 4, "COMM size", "the COMM chunk has " + len + " bytes; 18 are needed");
                    }
                    comm = WavReader.read(ch, file, at + 8, (int) Math.min(len, 22)).order(ByteOrder.BIG_ENDIAN);
                    commAt = at + 8;
                } else if (id.equals("SSND")) {
                    ssndAt = at + 8;
                    ssndLen = len;
                }
                at += 8 + len + (len & 1);
            }
            if (comm == null) {
                throw new FileFormatError(file, 12, "COMM", "no COMM chunk", "not a valid AIFF file, or truncated");
            }
            int channels = comm.getShort(0);
            long frames = Integer.toUnsignedLong(comm.getInt(2));
            int bits = comm.getShort(6);
            double rate = extended(comm, 8);
            String type = aifc && comm.limit() >= 22 ? WavReader.fourcc(comm, 18) : "NONE";
            if (channels < 1 || channels > PcmSource.MAX_CHANNELS) {
                throw new FileFormatError(file, commAt, "channels", "channel count " + channels + " is not 1 to " + PcmSource.MAX_CHANNELS);
            }
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new FileFormatError(file, commAt + 8, "sample rate", "sample rate " + rate + " is not a positive number");
            }
            boolean big = true;
            PcmEncoding enc;
            switch (type) {
                case "NONE", "twos", "sowt" -> {
                    big = !type.equals("sowt");
                    enc = switch ((bits + 7) / 8) {
                        case 1 -> PcmEncoding.INT8;
                        case 2 -> PcmEncoding.INT16;
                        case 3 -> PcmEncoding.INT24;
                        case 4 -> PcmEncoding.INT32;
                        default -> throw new FileFormatError(file, commAt + 6, "sample size", bits + "-bit samples are not supported");
                    };
                }
                case "fl32", "FL32" -> enc = PcmEncoding.FLOAT32;
                case "fl64", "FL64" -> enc = PcmEncoding.FLOAT64;
                case "ulaw", "ULAW" -> enc = PcmEncoding.MULAW;
                case "alaw", "ALAW" -> enc = PcmEncoding.ALAW;
                default -> throw new FileFormatError(file, commAt + 18, "compression type", "AIFF-C compression '" + type
                        + "' is not supported", "supported: NONE, twos, sowt, fl32, fl64, ulaw, alaw");
            }
            List<String> warnings = new ArrayList<>();
            long data = -1;
            if (frames > 0) {
                if (ssndAt < 0) {
                    throw new FileFormatError(file, commAt + 2, "numSampleFrames", frames + " frames declared but no SSND chunk",
                            "the file is truncated");
                }
                ByteBuffer s = WavReader.read(ch, file, ssndAt, 8).order(ByteOrder.BIG_ENDIAN);
                long offset = Integer.toUnsignedLong(s.getInt(0));
                data = ssndAt + 8 + offset;
                long available = ssndLen - 8 - offset;
                long need = frames * channels * enc.bytes();
                if (available < need) {
                    throw new FileFormatError(file, commAt + 2, "numSampleFrames", frames + " frames of " + channels + " x "
                            + bits + " bits need " + need + " bytes but the SSND chunk holds " + Math.max(0, available),
                            "the file is truncated or the COMM chunk is wrong");
                }
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("bits_per_sample", bits);
            details.put("compression", type);
            details.put("warnings", warnings);
            return new PcmSource(file, aifc ? "AIFF-C" : "AIFF", enc, big, channels, rate, Math.max(data, 0), frames, details);
        }
    }

    /** An IEEE 754 80-bit extended float (the AIFF sample rate). */
    static double extended(ByteBuffer b, int at) {
        int se = b.getShort(at) & 0xFFFF;
        long mant = b.getLong(at + 2);
        if (se == 0 && mant == 0) {
            return 0;
        }
        int exp = (se & 0x7FFF) - 16383 - 63;
        double m = (mant >>> 11) * Math.pow(2, 11) + (mant & 0x7FF); // unsigned 64-bit mantissa
        double v = m * Math.pow(2, exp);
        return (se & 0x8000) != 0 ? -v : v;
    }
}
