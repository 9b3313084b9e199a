package org.cortexflow.tasks.io.brainvision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cortexflow.engine.model.UserError;
import org.cortexflow.tasks.artifact.EegRecording;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.io.Golden;
import org.cortexflow.tasks.io.RealData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real BrainVision recording rewritten in the other layouts the format allows (vectorized,
 * IEEE_FLOAT_32, INT_32, big-endian): each must read to the same values as the MNE golden.
 */
class BrainVisionTest {

    @TempDir
    Path tmp;
    private int n;

    private String header() throws Exception {
        return Files.readString(RealData.file("eeg/mne-python/brainvision/test.vhdr"), StandardCharsets.UTF_8);
    }

    /** The 7900 x 32 int16 samples of test.eeg, sample-major. */
    private short[] samples() throws Exception {
        byte[] b = Files.readAllBytes(RealData.file("eeg/mne-python/brainvision/test.eeg"));
        short[] s = new short[b.length / 2];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        return s;
    }

    private Path rewrite(String orientation, String format, ByteOrder order) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bv" + (++n)));
        short[] s = samples();
        int ch = 32;
        int t = s.length / ch;
        int size = format.equals("INT_16") ? 2 : 4;
        ByteBuffer out = ByteBuffer.allocate(s.length * size).order(order);
        for (int k = 0; k < s.length; k++) {
            int src = orientation.equals("VECTORIZED") ? (k % t) * ch + k / t : k; // output k: channel k / t, sample k % t
            switch (format) {
                case "INT_16" -> out.putShort(s[src]);
                case "INT_32" -> out.putInt(s[src]);
                default -> out.putFloat(s[src]);
            }
        }
        Files.write(dir.resolve("x.eeg"), out.array());
        Files.copy(RealData.file("eeg/mne-python/brainvision/test.vmrk"), dir.resolve("x.vmrk"));
        String h = header().replace("DataFile=test.eeg", "DataFile=x.eeg").replace("MarkerFile=test.vmrk", "MarkerFile=x.vmrk")
                .replace("DataOrientation=MULTIPLEXED", "DataOrientation=" + orientation)
                .replace("BinaryFormat=INT_16", "BinaryFormat=" + format + (order == ByteOrder.BIG_ENDIAN ? "\nUseBigEndianOrder=YES" : ""));
        return Files.writeString(dir.resolve("x.vhdr"), h, StandardCharsets.UTF_8);
    }

    private EegRecording read(Path vhdr) throws Exception {
        Path out = tmp.resolve("out" + (++n));
        Golden.eegRead(out, Map.of("path", vhdr.toString()));
        return EegRecording.open(out);
    }

    @Test
    void vectorizedFloat32ReadsTheSameValues() throws Exception {
        try (EegRecording r = read(rewrite("VECTORIZED", "IEEE_FLOAT_32", ByteOrder.LITTLE_ENDIAN))) {
            assertThat(r.meta()).containsEntry("orientation", "VECTORIZED").containsEntry("binary_format", "IEEE_FLOAT_32");
            assertThat(r.events()).hasSize(14);
            Golden.assertMatches(r, "brainvision_test");
        }
    }

    @Test
    void multiplexedInt32AndBigEndianInt16ReadTheSameValues() throws Exception {
        try (EegRecording r = read(rewrite("MULTIPLEXED", "INT_32", ByteOrder.LITTLE_ENDIAN))) {
            Golden.assertMatches(r, "brainvision_test");
        }
        try (EegRecording r = read(rewrite("VECTORIZED", "INT_16", ByteOrder.BIG_ENDIAN))) {
            Golden.assertMatches(r, "brainvision_test");
        }
    }

    @Test
    void missingDataFileNamesTheHeaderLine() throws Exception {
        Path vhdr = rewrite("MULTIPLEXED", "INT_16", ByteOrder.LITTLE_ENDIAN);
        Files.delete(vhdr.resolveSibling("x.eeg"));
        long offset = header().indexOf("DataFile=");
        assertThatThrownBy(() -> BrainVisionReader.open(vhdr, false)).isInstanceOf(FileFormatError.class)
                .hasMessageContaining("at byte " + offset).hasMessageContaining("[Common Infos] DataFile")
                .hasMessageContaining("x.eeg does not exist");
    }

    @Test
    void missingMarkerFileIsOnlyAWarning() throws Exception {
        Path vhdr = rewrite("MULTIPLEXED", "INT_16", ByteOrder.LITTLE_ENDIAN);
        Files.delete(vhdr.resolveSibling("x.vmrk"));
        try (BrainVisionReader r = BrainVisionReader.open(vhdr, false)) {
            assertThat(r.events()).isEmpty();
            assertThat(r.warnings()).anyMatch(w -> w.contains("marker file x.vmrk does not exist"));
        }
    }

    @Test
    void badHeaderFieldsAreReportedWithTheirLine() throws Exception {
        String h = header();
        Path dir = Files.createDirectories(tmp.resolve("bad"));
        Files.copy(RealData.file("eeg/mne-python/brainvision/test.eeg"), dir.resolve("test.eeg"));
        Path f = dir.resolve("test.vhdr");
        Files.writeString(f, h.replace("BinaryFormat=INT_16", "BinaryFormat=INT_12"));
        assertThatThrownBy(() -> BrainVisionReader.open(f, false)).isInstanceOf(FileFormatError.class)
                .hasMessageContaining("at byte " + h.indexOf("BinaryFormat=")).hasMessageContaining("unknown binary format 'INT_12'");
        Files.writeString(f, h.replace("NumberOfChannels=32", "NumberOfChannels=-4"));
        assertThatThrownBy(() -> BrainVisionReader.open(f, false)).isInstanceOf(FileFormatError.class)
                .hasMessageContaining("NumberOfChannels").hasMessageContaining("outside");
        Files.writeString(f, h.replace("Ch7=P3,,0.5,", "Ch7=P3,,zero,"));
        assertThatThrownBy(() -> BrainVisionReader.open(f, false)).isInstanceOf(FileFormatError.class)
                .hasMessageContaining("Ch7").hasMessageContaining("resolution 'zero'");
        Files.writeString(f, "Brain Vision Data Exchange Marker File, Version 1.0\n");
        assertThatThrownBy(() -> BrainVisionReader.open(f, false)).isInstanceOf(FileFormatError.class)
                .hasMessageContaining("at byte 0").hasMessageContaining("not a BrainVision header file");
        byte[] latin = h.replace("Ch1=FP1", "Ch1=F\u00e91").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(f, latin);
        assertThatThrownBy(() -> BrainVisionReader.open(f, false)).isInstanceOf(FileFormatError.class)
                .hasMessageContaining("not valid UTF-8").hasMessageContaining("at byte " + (h.indexOf("Ch1=FP1") + 5));
    }

    @Test
    void dataFileShorterThanDataPointsIsTruncation() throws Exception {
        Path vhdr = rewrite("MULTIPLEXED", "INT_16", ByteOrder.LITTLE_ENDIAN);
        Files.writeString(vhdr, Files.readString(vhdr).replace("NumberOfChannels=32", "NumberOfChannels=32\nDataPoints=8000"));
        assertThatThrownBy(() -> read(vhdr)).isInstanceOf(UserError.class).hasMessageContaining("DataPoints in the header is 8000")
                .hasMessageContaining("allow_truncated=true");
    }
}
