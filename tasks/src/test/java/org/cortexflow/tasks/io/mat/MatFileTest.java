package org.cortexflow.tasks.io.mat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.tasks.io.Golden;
import org.cortexflow.tasks.io.RealData;
import org.junit.jupiter.api.Test;

/** The real MAT files (v5 through mfl-core, v7.3 through jhdf) against scipy/h5py goldens. */
class MatFileTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> golden(String variable) throws Exception {
        return (Map<String, Object>) Golden.json("mat_files.json").get(variable);
    }

    @SuppressWarnings("unchecked")
    private static void assertNumeric(MatValue v, Map<String, Object> g) throws Exception {
        assertThat(v).isInstanceOf(MatValue.Numeric.class);
        List<Number> dims = (List<Number>) g.get("dims");
        assertThat(v.dims()).containsExactly(dims.stream().mapToLong(Number::longValue).toArray());
        List<Number> values = (List<Number>) g.get("values");
        MatValue.Numeric n = (MatValue.Numeric) v;
        for (int i = 0; i < values.size(); i++) {
            assertThat(n.get(i)).as("element " + i).isEqualTo(values.get(i).doubleValue());
        }
    }

    @Test
    void v5DoubleVector() throws Exception {
        try (MatFile m = MatFile.open(RealData.file("mat/nmed-t/tempoHz.mat"))) {
            assertThat(m.version()).isEqualTo("MAT v5");
            assertThat(m.names()).containsExactly("tempoHz");
            MatValue v = m.get("tempoHz").orElseThrow();
            assertNumeric(v, golden("tempoHz"));
            MatValue.Numeric n = (MatValue.Numeric) v;
            assertThat(n.get(0)).isCloseTo(0.9328, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(n.get(9)).isEqualTo(2.5);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void v5StructArrayWithMixedFieldTypes() throws Exception {
        try (MatFile m = MatFile.open(RealData.file("mat/nmed-t/participantInfo.mat"))) {
            MatValue.Struct s = (MatValue.Struct) m.get("participantInfo").orElseThrow();
            assertThat(s.dims()).containsExactly(1, 20);
            assertThat(s.fields()).containsExactly("id", "age", "nYearsTraining", "weeklyListening");
            List<Map<String, Object>> rows = (List<Map<String, Object>>) golden("participantInfo").get("elements");
            for (int i = 0; i < 20; i++) {
                assertThat(MatFields.text(s.get("id", i))).contains((String) rows.get(i).get("id"));
                for (String f : List.of("age", "nYearsTraining", "weeklyListening")) {
                    assertThat(MatFields.number(s.get(f, i))).as(f + " of " + i).contains(((Number) rows.get(i).get(f)).doubleValue());
                }
            }
        }
    }

    @Test
    void v73ThreeDimensionalArray() throws Exception {
        try (MatFile m = MatFile.open(RealData.file("mat/nmed-t/behavioralRatings.mat"))) {
            assertThat(m.version()).isEqualTo("MAT v7.3");
            MatValue v = m.get("behavioralRatings").orElseThrow();
            assertThat(v.matlabClass()).isEqualTo("double");
            assertThat(v.dims()).containsExactly(20, 10, 2);
            assertNumeric(v, golden("behavioralRatings"));
            MatValue.Numeric n = (MatValue.Numeric) v;
            for (long i = 0; i < n.numel(); i++) {
                assertThat(n.get(i)).isBetween(1.0, 9.0);
            }
            // columns of the 20 x 20 view (participants x song-rating pairs) read in slices across the third axis
            double[] cols = new double[20 * 15];
            n.readColumns(3, 15, cols);
            for (int k = 0; k < cols.length; k++) {
                assertThat(cols[k]).isEqualTo(n.get(60 + k));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void v73CellArrayOfReferences() throws Exception {
        try (MatFile m = MatFile.open(RealData.file("mat/nmed-t/TapIt.mat"))) {
            assertThat(m.names()).containsExactlyInAnyOrder("allSongOrders", "allTappedResponse");
            assertNumeric(m.get("allSongOrders").orElseThrow(), golden("allSongOrders"));
            MatValue.Cell c = (MatValue.Cell) m.get("allTappedResponse").orElseThrow();
            assertThat(c.dims()).containsExactly(20, 10);
            List<Map<String, Object>> cells = (List<Map<String, Object>>) golden("allTappedResponse").get("cells");
            for (int i = 0; i < cells.size(); i++) {
                MatValue.Numeric taps = (MatValue.Numeric) c.get(i);
                Map<String, Object> g = cells.get(i);
                assertThat(taps.numel()).isEqualTo(((Number) g.get("n")).longValue());
                double sum = 0;
                for (long k = 0; k < taps.numel(); k++) {
                    sum += taps.get(k);
                }
                assertThat(sum).isCloseTo(((Number) g.get("sum")).doubleValue(), org.assertj.core.data.Offset.offset(1e-9));
                if (taps.numel() > 0) {
                    assertThat(taps.get(0)).isEqualTo(((Number) g.get("first")).doubleValue());
                }
            }
            assertThat(((MatValue.Numeric) c.get(0)).get(0)).isEqualTo(2.414875);
        }
    }

    @Test
    void v5SingleMatrixReadsInColumnsAndRows() throws Exception {
        try (MatFile m = MatFile.open(RealData.file("mat/mne-python/test_bdf_eeglab.mat"))) {
            MatValue.Numeric d = (MatValue.Numeric) m.get("data").orElseThrow();
            assertThat(d.matlabClass()).isEqualTo("single");
            assertThat(d.dims()).containsExactly(72, 2048);
            double[] cols = new double[72 * 3];
            d.readColumns(100, 3, cols);
            double[] rows = new double[2 * 2048];
            d.readRows(5, 2, rows);
            assertThat(cols[72 + 5]).isEqualTo(d.get(101 * 72 + 5)).isEqualTo(rows[101 * 2]);
            assertThat(m.get("nothing")).isEqualTo(Optional.empty());
        }
    }

    @Test
    void eeglabSetIsAMatV5StructWithTheDataFileName() throws Exception {
        Path set = RealData.file("eeg/eeglab/eeglab_data.set");
        try (MatFile m = MatFile.open(set)) {
            MatValue.Struct eeg = (MatValue.Struct) m.get("EEG").orElseThrow();
            assertThat(MatFields.text(eeg.get("data", 0))).contains("eeglab_data.fdt");
            assertThat(MatFields.number(eeg.get("nbchan", 0))).contains(32.0);
            assertThat(MatFields.number(eeg.get("pnts", 0))).contains(30504.0);
            assertThat(eeg.get("event", 0).orElseThrow().dims()).containsExactly(1, 154);
        }
    }
}
