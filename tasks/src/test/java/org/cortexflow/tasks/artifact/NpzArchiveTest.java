package org.cortexflow.tasks.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzArchiveTest {

    @TempDir
    Path tmp;

    /** A model's digest must not depend on when or in which time zone it was saved. */
    @Test
    void theSameArraysMakeTheSameBytesAtAnyTimeInAnyTimeZone() throws Exception {
        Map<String, NpzArchive.Entry> arrays = new LinkedHashMap<>();
        arrays.put("conv0.weight", new NpzArchive.Entry(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        arrays.put("conv0.bias", new NpzArchive.Entry(new long[] {2}, new float[] {-1, 0.5f}));
        TimeZone zone = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            NpzArchive.write(tmp.resolve("a.npz"), arrays);
            Thread.sleep(2100); // zip dates have a resolution of two seconds
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
            NpzArchive.write(tmp.resolve("b.npz"), arrays);
        } finally {
            TimeZone.setDefault(zone);
        }
        assertThat(Files.readAllBytes(tmp.resolve("b.npz"))).isEqualTo(Files.readAllBytes(tmp.resolve("a.npz")));
        Map<String, NpzArchive.Entry> back = NpzArchive.read(tmp.resolve("a.npz"));
        assertThat(back.keySet()).containsExactlyInAnyOrder("conv0.weight", "conv0.bias");
        assertThat(back.get("conv0.weight").shape()).containsExactly(2, 3);
        assertThat(back.get("conv0.weight").data()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(back.get("conv0.bias").data()).containsExactly(-1, 0.5f);
    }
}
