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

/** Sun/NeXT AU ({@code .au}, {@code .snd}): big-endian PCM 8-32-bit, float 32/64, mu-law, A-law. */
final class AuReader {

    private AuReader() {
    }

    static AudioSource open(Path file) throws IOException, FileFormatError {
        long size = Files.size(file);
        ByteBuffer h;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            h = WavReader.read(ch, file, 0, 24).order(ByteOrder.BIG_ENDIAN);
        }
        if (h.getInt(0) != 0x2E736E64) {
            throw new FileFormatError(file, 0, "magic", "expected \".snd\", found " + WavReader.fourcc(h, 0));
        }
        long offset = Integer.toUnsignedLong(h.getInt(4));
        long dataSize = Integer.toUnsignedLong(h.getInt(8));
        int code = h.getInt(12);
        long rate = Integer.toUnsignedLong(h.getInt(16));
        long channels = Integer.toUnsignedLong(h.getInt(20));
        if (offset < 24 || offset > size) {
            throw new FileFormatError(file, 4, "data offset", "data offset " + offset + " is not within the " + size + "-byte file");
        }
        PcmEncoding enc = switch (code) {
            case 1 -> PcmEncoding.MULAW;
            case 2 -> PcmEncoding.INT8;
            case 3 -> PcmEncoding.INT16;
            case 4 -> PcmEncoding.INT24;
            case 5 -> PcmEncoding.INT32;
            case 6 -> PcmEncoding.FLOAT32;
            case 7 -> PcmEncoding.FLOAT64;
            case 27 -> PcmEncoding.ALAW;
            default -> throw new FileFormatError(file, 12, "encoding", "AU encoding " + code + " is not supported",
                    "supported: 1 (mu-law), 2-5 (PCM 8-32-bit), 6-7 (float), 27 (A-law)");
        };
        if (channels < 1 || channels > PcmSource.MAX_CHANNELS) {
            throw new FileFormatError(file, 20, "channels", "channel count " + channels + " is not 1 to " + PcmSource.MAX_CHANNELS);
        }
        if (rate < 1) {
            throw new FileFormatError(file, 16, "sample rate", "sample rate " + rate + " is not positive");
        }
        List<String> warnings = new ArrayList<>();
        long available = size - offset;
        if (dataSize == 0xFFFFFFFFL) {
            dataSize = available;
        } else if (dataSize > available) {
            throw new FileFormatError(file, 8, "data size", "the header declares " + dataSize + " bytes of samples but only "
                    + available + " follow", "the file is truncated");
        }
        long frameBytes = channels * enc.bytes();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bits_per_sample", enc.bytes() * 8);
        details.put("warnings", warnings);
        return new PcmSource(file, "AU", enc, true, (int) channels, rate, offset, dataSize / frameBytes, details);
    }
}
