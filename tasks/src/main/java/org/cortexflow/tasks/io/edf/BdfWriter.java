package org.cortexflow.tasks.io.edf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a BioSemi BDF file: 24-bit samples, EEG channels in microvolts and a {@code Status}
 * channel whose low 16 bits carry trigger codes (the upper byte, BioSemi's status flags, is left
 * zero). Each call to {@link #writeRecord} writes one data record of every channel.
 */
public final class BdfWriter extends EdfFamilyWriter {

    /** BioSemi's range: 24-bit digital values, about 1/32 microvolt per step (the header states these values exactly). */
    public static final int DIGITAL_MIN = -8388608;
    public static final int DIGITAL_MAX = 8388607;
    public static final double PHYSICAL_MIN_UV = -262144;
    public static final double PHYSICAL_MAX_UV = 262143;

    private static final byte[] VERSION = {(byte) 0xFF, 'B', 'I', 'O', 'S', 'E', 'M', 'I'};

    private final int channels;
    private final int samplesPerRecord;

    private BdfWriter(Path file, byte[] header, List<Signal> signals, long records, int channels, int samplesPerRecord)
            throws IOException {
        super(file, header, signals, records, 3);
        this.channels = channels;
        this.samplesPerRecord = samplesPerRecord;
    }

    /**
     * Creates the file and writes its header.
     *
     * @param labels EEG channel labels (the Status channel is added last)
     * @param samplesPerRecord samples per channel per record; with {@code recordSeconds} gives the rate
     * @param startDate dd.mm.yy
     * @param startTime hh.mm.ss
     */
    public static BdfWriter create(Path file, List<String> labels, int samplesPerRecord, double recordSeconds, long records,
                                   String patient, String recording, String startDate, String startTime,
                                   String prefiltering) throws IOException {
        List<Signal> signals = new ArrayList<>();
        for (String label : labels) {
            signals.add(new Signal(label, "active electrode", "uV", PHYSICAL_MIN_UV, PHYSICAL_MAX_UV, DIGITAL_MIN, DIGITAL_MAX,
                    prefiltering, samplesPerRecord));
        }
        signals.add(new Signal("Status", "Triggers and Status", "Boolean", DIGITAL_MIN, DIGITAL_MAX, DIGITAL_MIN, DIGITAL_MAX,
                "No filtering", samplesPerRecord));
        byte[] header = header(VERSION, patient, recording, startDate, startTime, "24BIT", records, recordSeconds, signals);
        return new BdfWriter(file, header, signals, records, labels.size(), samplesPerRecord);
    }

    /**
     * Writes one data record.
     *
     * @param microvolts {@code [channel][sample]}, at least {@code samplesPerRecord} samples each
     * @param status trigger code per sample (low 16 bits used)
     */
    public void writeRecord(float[][] microvolts, int[] status) throws IOException {
        beginRecord();
        for (int c = 0; c < channels; c++) {
            putPhysical(signals().get(c), microvolts[c], 0, samplesPerRecord);
        }
        for (int i = 0; i < samplesPerRecord; i++) {
            putDigital(status[i] & 0xFFFF);
        }
        endRecord();
    }
}
