package org.cortexflow.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WholeFilesTest {

    @TempDir
    Path tmp;

    private long entries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void aFileIsReplacedWholeAndNothingElseIsLeft() throws IOException {
        Path target = tmp.resolve("made/here/memo");
        WholeFiles.write(target, "first".getBytes());
        WholeFiles.write(target, "second, longer".getBytes());
        assertThat(target).hasContent("second, longer");
        assertThat(entries(target.getParent())).isEqualTo(1);
    }

    @Test
    void aWriteThatCannotLandLeavesTheOldFileAndNoTemporaryOne() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        Path target = dir.resolve("memo");
        WholeFiles.write(target, "kept".getBytes());
        Path blocked = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(blocked.resolve("inside"), "x"); // a non-empty directory cannot be renamed over
        assertThatThrownBy(() -> WholeFiles.write(blocked, "new".getBytes())).isInstanceOf(IOException.class);
        assertThat(target).hasContent("kept");
        assertThat(entries(dir)).isEqualTo(2);
    }
}
