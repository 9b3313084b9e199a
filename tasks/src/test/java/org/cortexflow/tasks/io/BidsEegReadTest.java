package org.cortexflow.tasks.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cortexflow.tasks.artifact.EegRecording;
import org.cortexflow.tasks.artifact.Event;
import org.cortexflow.tasks.artifact.ItemIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eeg.read on a BIDS dataset: a set, with events.tsv authoritative and channels.tsv types applied. */
class BidsEegReadTest {

    @TempDir
    Path tmp;

    private Path study() throws Exception {
        Path root = tmp.resolve("study");
        Path eeg = Files.createDirectories(root.resolve("sub-01/eeg"));
        Files.writeString(root.resolve("dataset_description.json"), "{\"Name\": \"t\", \"BIDSVersion\": \"1.8.0\"}");
        Files.writeString(root.resolve("participants.tsv"), "participant_id\tage\nsub-01\t30\n");
        Files.copy(RealData.file("eeg/mne-python/test_bdf_stim_channel.bdf"), eeg.resolve("sub-01_task-listen_eeg.bdf"));
        Files.writeString(eeg.resolve("sub-01_task-listen_eeg.json"), "{\"SamplingFrequency\": 500, \"TaskName\": \"listen\"}");
        // CRLF and a quoted value, as real datasets have them
        Files.writeString(eeg.resolve("sub-01_task-listen_events.tsv"),
                "onset\tduration\ttrial_type\tvalue\tstim_file\r\n0.5\t2.0\tstimulus\t21\tstimuli/21.wav\r\n1.25\t2\tstimulus\t'22'\tstimuli/22.wav");
        Files.writeString(eeg.resolve("sub-01_task-listen_channels.tsv"),
                "name\ttype\tunits\tstatus\nC3\tEEG\tuV\tgood\nC4\tEOG\tuV\tgood\nCz\tEEG\tuV\tbad\nStatus\tMISC\tn/a\tgood\n");
        return root;
    }

    @Test
    void aBidsRootIsReadAsASetWithAuthoritativeEvents() throws Exception {
        Path out = tmp.resolve("out");
        List<String> log = Golden.eegRead(out, Map.of("path", study().toString()));
        List<ItemIndex.Item> items = ItemIndex.list(out, ItemIndex.RECORDINGS);
        assertThat(items).hasSize(1);
        ItemIndex.Item it = items.get(0);
        assertThat(it.id()).isEqualTo("sub-01_task-listen");
        assertThat(it.fields()).containsEntry("subject", "01").containsEntry("task", "listen")
                .containsEntry("source", "sub-01/eeg/sub-01_task-listen_eeg.bdf");
        assertThat(Files.readString(out.resolve("recordings.tsv")).lines().findFirst().orElseThrow())
                .isEqualTo("id\tsubject\tsession\ttask\trun\tsource");
        try (EegRecording r = EegRecording.open(it.dir())) {
            // the 9 Status triggers are not events: events.tsv is authoritative
            assertThat(r.events()).containsExactly(new Event(250, 1000, "21", "BIDS events.tsv: stimulus"),
                    new Event(625, 1000, "22", "BIDS events.tsv: stimulus"));
            assertThat(r.channels()).extracting(c -> c.name() + ":" + c.type())
                    .containsExactly("C3:EEG", "C4:EOG", "Cz:EEG", "Status:TRIG");
            assertThat(r.meta()).containsEntry("bad_channels", List.of("Cz")).containsEntry("events_source",
                    "sub-01_task-listen_events.tsv");
            float[] status = new float[5000];
            r.readChannel(3, 0, status, 0, 5000);
            assertThat(status).contains(1f, 2f, 4f); // the trigger channel itself is kept
        }
        assertThat(log).anyMatch(l -> l.contains("CRLF line endings"));
    }

    @Test
    void aSingleFileInsideABidsDatasetUsesItsEventsToo() throws Exception {
        Path root = study();
        Path out = tmp.resolve("one");
        Golden.eegRead(out, Map.of("path", root.resolve("sub-01/eeg/sub-01_task-listen_eeg.bdf").toString()));
        try (EegRecording r = EegRecording.open(out)) {
            assertThat(r.events()).extracting(Event::value).containsExactly("21", "22");
        }
        Path raw = tmp.resolve("raw");
        Golden.eegRead(raw, Map.of("path", root.resolve("sub-01/eeg/sub-01_task-listen_eeg.bdf").toString(), "bids_events", false));
        try (EegRecording r = EegRecording.open(raw)) {
            assertThat(r.events()).hasSize(9);
        }
    }

    /** What numpy.load checks, per the NumPy format specification (numpy.lib.format, version 1.0). */
    @Test
    void dataNpyOfAnEegReadOutputFollowsTheNumpyFormat() throws Exception {
        Path out = tmp.resolve("npy");
        Golden.eegRead(out, Map.of("path", RealData.file("eeg/physionet-eegmmidb/S001R04.edf").toString()));
        byte[] b = Files.readAllBytes(out.resolve("data.npy"));
        assertThat(Arrays.copyOf(b, 6)).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y');
        assertThat(b[6]).isEqualTo((byte) 1);
        assertThat(b[7]).isEqualTo((byte) 0);
        int headerLen = Short.toUnsignedInt(ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
        assertThat((10 + headerLen) % 64).isZero();
        String dict = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
        assertThat(dict).matches("\\{'descr': '<f4', 'fortran_order': False, 'shape': \\(64, 20000\\), \\} *\n");
        assertThat(b.length).isEqualTo(10 + headerLen + 64 * 20000 * 4);
        // the first value of channel 0 as numpy would see it, against the MNE golden
        float first = ByteBuffer.wrap(b, 10 + headerLen, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        double[] golden;
        try (var ref = org.cortexflow.tasks.artifact.NpyArray.open(Golden.file("S001R04.npy"))) {
            golden = ref.readAllDoubles();
        }
        assertThat((double) first).isCloseTo(golden[0], org.assertj.core.data.Offset.offset(1e-6 * Math.abs(golden[0]) + 1e-15));
    }
}
