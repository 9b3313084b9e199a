package org.cortexflow.tasks.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back what the synth writers wrote, for the tests only: the fixed header fields and the
 * samples of an EDF+ or BDF file (physical values), and the EDF+ annotation texts. The product's
 * reader is {@code eeg.read}; this keeps the synth tests independent of it.
 */
final class EdfTestReader {

    final String version;
    final String reserved;
    final List<String> labels = new ArrayList<>();
    final double recordSeconds;
    final int records;
    final int[] samplesPerRecord;
    final double[][] data;
    final List<String> annotations = new ArrayList<>();

    EdfTestReader(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        boolean bdf = (b[0] & 0xFF) == 0xFF;
        int width = bdf ? 3 : 2;
        version = field(b, 0, 8);
        reserved = field(b, 192, 44);
        records = Integer.parseInt(field(b, 236, 8));
        recordSeconds = Double.parseDouble(field(b, 244, 8));
        int ns = Integer.parseInt(field(b, 252, 4));
        double[] pmin = new double[ns];
        double[] pmax = new double[ns];
        double[] dmin = new double[ns];
        double[] dmax = new double[ns];
        samplesPerRecord = new int[ns];
        for (int s = 0; s < ns; s++) {
            labels.add(field(b, 256 + 16 * s, 16));
            pmin[s] = Double.parseDouble(field(b, 256 + ns * 104 + 8 * s, 8));
            pmax[s] = Double.parseDouble(field(b, 256 + ns * 112 + 8 * s, 8));
            dmin[s] = Double.parseDouble(field(b, 256 + ns * 120 + 8 * s, 8));
            dmax[s] = Double.parseDouble(field(b, 256 + ns * 128 + 8 * s, 8));
            samplesPerRecord[s] = Integer.parseInt(field(b, 256 + ns * 216 + 8 * s, 8));
        }
        data = new double[ns][];
        for (int s = 0; s < ns; s++) {
            data[s] = new double[records * samplesPerRecord[s]];
        }
        int p = 256 * (ns + 1);
        for (int r = 0; r < records; r++) {
            for (int s = 0; s < ns; s++) {
                boolean annotation = labels.get(s).equals("EDF Annotations");
                if (annotation) {
                    String text = new String(b, p, samplesPerRecord[s] * 2, StandardCharsets.UTF_8);
                    for (String tal : text.split("\u0000")) {
                        String[] parts = tal.split("\u0014");
                        for (int k = 1; k < parts.length; k++) {
                            if (!parts[k].isEmpty()) {
                                annotations.add(parts[0] + "|" + parts[k]);
                            }
                        }
                    }
                    p += samplesPerRecord[s] * 2;
                    continue;
                }
                double scale = (pmax[s] - pmin[s]) / (dmax[s] - dmin[s]);
                for (int i = 0; i < samplesPerRecord[s]; i++) {
                    int v = (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
                    if (width == 3) {
                        v |= b[p + 2] << 16;
                    } else {
                        v = (short) v;
                    }
                    p += width;
                    data[s][r * samplesPerRecord[s] + i] = labels.get(s).equals("Status") ? v : (v - dmin[s]) * scale + pmin[s];
                }
            }
        }
    }

    double sfreq() {
        return samplesPerRecord[0] / recordSeconds;
    }

    private static String field(byte[] b, int at, int len) {
        return new String(b, at, len, StandardCharsets.US_ASCII).strip();
    }
}
