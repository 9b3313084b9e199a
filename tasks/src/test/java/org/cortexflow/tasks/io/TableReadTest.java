package org.cortexflow.tasks.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableReadTest {

    @TempDir
    Path tmp;

    @Test
    void csvWithBomCrlfQuotesAndMissingValuesGetsTypedColumns() throws Exception {
        Path f = tmp.resolve("scores.csv");
        Files.writeString(f, "\uFEFFname,age,score,ok,note\r\n\"Smith, J\",31,1.5,true,\"said \"\"hi\"\"\nthen left\"\r\n"
                + "Lee,n/a,2e-3,FALSE,\r\nMo,40,NA,false,plain");
        TaskRunner r = TaskRunner.run(new TableRead(), tmp, Map.of("path", f.toString()));
        Table t = Table.read(r.out().resolve(TableRead.TABLE));
        assertThat(t.columns()).containsExactly("name", "age", "score", "ok", "note");
        assertThat(t.column("name")).containsExactly("Smith, J", "Lee", "Mo");
        assertThat(t.column("age")).containsExactly("31", "n/a", "40");
        assertThat(t.column("note")).containsExactly("said \"hi\" then left", "n/a", "plain");
        Map<String, Object> meta = MetaJson.read(r.out());
        assertThat(meta.get("columns").toString()).isEqualTo("[{name=name, type=string}, {name=age, type=integer}, "
                + "{name=score, type=number}, {name=ok, type=boolean}, {name=note, type=string}]");
        assertThat(meta.get("n_rows")).isEqualTo(3);
    }

    @Test
    void realBidsEventsReadAsTsv() throws Exception {
        Path f = RealData.file("bids/ds003720/sub-001/func/sub-001_task-Test_run-01_events.tsv");
        TaskRunner r = TaskRunner.run(new TableRead(), tmp, Map.of("path", f.toString()));
        Map<String, Object> meta = MetaJson.read(r.out());
        assertThat(meta.get("n_rows")).isEqualTo(41);
        assertThat(meta.get("columns").toString()).contains("{name=onset, type=integer}", "{name=genre, type=string}",
                "{name=track, type=integer}");
        assertThat(Table.read(r.out().resolve(TableRead.TABLE)).column("onset").get(40)).isEqualTo("600");
    }

    @Test
    void badInputNamesLineAndByte() throws Exception {
        Path ragged = tmp.resolve("r.tsv");
        Files.writeString(ragged, "a\tb\n1\t2\n3\n");
        assertThatThrownBy(() -> TaskRunner.run(new TableRead(), tmp, Map.of("path", ragged.toString())))
                .isInstanceOf(FileFormatError.class).hasMessageContaining("(line 3)").hasMessageContaining("expected 2 fields");
        Path latin1 = tmp.resolve("l.csv");
        Files.write(latin1, new byte[] {'a', ',', 'b', '\n', 'c', 'a', 'f', (byte) 0xE9, ',', '1', '\n'});
        assertThatThrownBy(() -> TaskRunner.run(new TableRead(), tmp, Map.of("path", latin1.toString())))
                .isInstanceOf(FileFormatError.class).hasMessageContaining("at byte 7 (line 2)").hasMessageContaining("UTF-8");
        Path open = tmp.resolve("o.csv");
        Files.writeString(open, "a,b\n\"x,1\n");
        assertThatThrownBy(() -> TaskRunner.run(new TableRead(), tmp, Map.of("path", open.toString())))
                .isInstanceOf(FileFormatError.class).hasMessageContaining("never closed");
    }
}
