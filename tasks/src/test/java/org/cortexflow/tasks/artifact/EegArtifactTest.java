package org.cortexflow.tasks.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EegArtifactTest {

    @TempDir
    Path tmp;

    @Test
    void blocksWrittenOutOfOrderReadBackPerChannel() throws Exception {
        List<Channel> chans = List.of(Channel.eeg("Fz"), Channel.eeg("Cz"), new Channel("STI", "TRIG", "n/a"));
        try (EegWriter w = EegWriter.create(tmp, 250, chans, 1000)) {
            float[][] block = new float[3][500];
            for (int start : new int[] {500, 0}) {
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < 500; i++) {
                        block[c][i] = c * 10_000 + start + i;
                    }
                }
                w.writeBlock(start, block, 500);
            }
            w.finish(List.of(new Event(10, 0, "21", "stimulus onset")), Map.of("source", "test"));
        }
        try (EegRecording r = EegRecording.open(tmp)) {
            assertThat(r.sfreq()).isEqualTo(250.0);
            assertThat(r.samples()).isEqualTo(1000);
            assertThat(r.channels()).containsExactlyElementsOf(chans);
            assertThat(r.events()).containsExactly(new Event(10, 0, "21", "stimulus onset"));
            assertThat(r.meta()).containsEntry("source", "test").containsEntry("n_channels", 3);
            float[][] got = new float[3][4];
            r.readBlock(498, got, 4);
            assertThat(got[1]).containsExactly(10_498, 10_499, 10_500, 10_501);
            assertThat(got[2]).containsExactly(20_498, 20_499, 20_500, 20_501);
        }
    }

    @Test
    void channelCountThatDisagreesWithTheDataIsReported() throws Exception {
        try (EegWriter w = EegWriter.create(tmp, 100, List.of(Channel.eeg("a"), Channel.eeg("b")), 10)) {
            w.finish(List.of(), Map.of());
        }
        Files.writeString(tmp.resolve(EegRecording.CHANNELS), "name\ttype\tunit\na\tEEG\tV\n");
        assertThatThrownBy(() -> EegRecording.open(tmp)).isInstanceOf(FileFormatError.class)
                .hasMessageContaining("channels.tsv");
    }

    @Test
    void aSetListsItsItemsAndASingleArtifactIsASetOfOne() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("sub-01_song-21"));
        Path b = Files.createDirectories(tmp.resolve("sub-02_song-21"));
        ItemIndex.write(tmp, ItemIndex.RECORDINGS, List.of("subject", "stimulus"), List.of(
                new ItemIndex.Item("sub-01_song-21", a, Map.of("subject", "01", "stimulus", "21")),
                new ItemIndex.Item("sub-02_song-21", b, Map.of("subject", "02"))));
        List<ItemIndex.Item> items = ItemIndex.list(tmp, ItemIndex.RECORDINGS);
        assertThat(items).extracting(ItemIndex.Item::id).containsExactly("sub-01_song-21", "sub-02_song-21");
        assertThat(items.get(1).fields()).containsExactly(Map.entry("subject", "02"));
        assertThat(ItemIndex.list(a, ItemIndex.RECORDINGS)).singleElement()
                .satisfies(it -> assertThat(it.dir()).isEqualTo(a));
        Files.writeString(tmp.resolve(ItemIndex.RECORDINGS), "id\tsubject\n../../etc\t01\n");
        assertThatThrownBy(() -> ItemIndex.list(tmp, ItemIndex.RECORDINGS)).isInstanceOf(FileFormatError.class);
    }
}
