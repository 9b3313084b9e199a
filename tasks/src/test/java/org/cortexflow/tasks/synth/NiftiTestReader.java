package org.cortexflow.tasks.synth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads back a NIfTI-1 .nii.gz the synth writers wrote (tests only; the product's reader is fmri.read). */
final class NiftiTestReader {

    final ByteBuffer header;
    final int[] dims;
    final float[] pixdim = new float[8];
    final int datatype;
    final int xyztUnits;
    final float[][] srow = new float[3][4];
    final int qformCode;
    final int sformCode;
    final float voxOffset;
    final String magic;
    /** [volume][voxel], x fastest. */
    final float[][] volumes;

    NiftiTestReader(Path file) throws IOException {
        byte[] all;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            all = in.readAllBytes();
        }
        header = ByteBuffer.wrap(all, 0, 352).order(ByteOrder.LITTLE_ENDIAN);
        int nd = header.getShort(40);
        dims = new int[nd];
        for (int i = 0; i < nd; i++) {
            dims[i] = header.getShort(42 + 2 * i);
        }
        datatype = header.getShort(70);
        for (int i = 0; i < 8; i++) {
            pixdim[i] = header.getFloat(76 + 4 * i);
        }
        voxOffset = header.getFloat(108);
        xyztUnits = header.get(123);
        qformCode = header.getShort(252);
        sformCode = header.getShort(254);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                srow[r][c] = header.getFloat(280 + 16 * r + 4 * c);
            }
        }
        magic = new String(all, 344, 3, java.nio.charset.StandardCharsets.US_ASCII);
        int perVolume = dims[0] * dims[1] * dims[2];
        int n = nd == 4 ? dims[3] : 1;
        volumes = new float[n][perVolume];
        ByteBuffer data = ByteBuffer.wrap(all, (int) voxOffset, all.length - (int) voxOffset).order(ByteOrder.LITTLE_ENDIAN);
        for (int v = 0; v < n; v++) {
            for (int i = 0; i < perVolume; i++) {
                volumes[v][i] = switch (datatype) {
                    case 2 -> data.get() & 0xFF;
                    case 4 -> data.getShort();
                    case 16 -> data.getFloat();
                    default -> throw new IOException("datatype " + datatype);
                };
            }
        }
    }
}
