package org.cortexflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.FrozenMap;
import org.junit.jupiter.api.Test;

class FrozenMapTest {

    /** Small maps are arrays, large ones hashed: both must behave as the same ordered map. */
    @Test
    void behavesAsAnOrderedMapAtEverySize() {
        for (int n : new int[] {0, 1, 7, 8, 9, 40}) {
            LinkedHashMap<String, Integer> expected = new LinkedHashMap<>();
            FrozenMap.Builder<String, Integer> b = FrozenMap.builder(n / 2);
            for (int i = n - 1; i >= 0; i--) {
                expected.put("k" + i, i);
                b.put("k" + i, i);
            }
            FrozenMap<String, Integer> built = b.build();
            assertThat(built).isEqualTo(expected).hasSameHashCodeAs(expected);
            assertThat(List.copyOf(built.keySet())).isEqualTo(List.copyOf(expected.keySet()));
            assertThat(FrozenMap.of(new HashMap<>(expected))).isEqualTo(expected);
            for (int i = 0; i < n; i++) {
                assertThat(built.get("k" + i)).isEqualTo(i);
                assertThat(built.containsKey("k" + i)).isTrue();
            }
            assertThat(built.get("k" + n)).isNull();
            assertThat(built.containsKey("absent")).isFalse();
            LinkedHashMap<String, Integer> seen = new LinkedHashMap<>();
            built.forEach(seen::put);
            assertThat(List.copyOf(seen.keySet())).isEqualTo(List.copyOf(expected.keySet()));
            // the key and value views walk the map in order without entries of their own
            assertThat(List.copyOf(built.values())).isEqualTo(List.copyOf(expected.values()));
            assertThat(built.values()).hasSize(n);
            assertThat(built.keySet()).hasSize(n).isEqualTo(expected.keySet());
            assertThat(built.keySet().contains("k" + n)).isFalse();
            if (n > 0) {
                assertThat(built.keySet().contains("k0")).isTrue();
                assertThatThrownBy(() -> built.values().iterator().remove()).isInstanceOf(RuntimeException.class);
            }
        }
    }

    /** Equality and hash codes are written out for small maps: they must agree with any map's. */
    @Test
    void equalsAnyMapWithTheSameEntriesAndNoOther() {
        Map<String, Object> plain = new HashMap<>();
        plain.put("a", 1);
        plain.put("n", null);
        FrozenMap<String, Object> frozen = FrozenMap.<String, Object>builder(2).put("n", null).put("a", 1).build();
        assertThat(frozen).isEqualTo(plain).hasSameHashCodeAs(plain);
        assertThat(plain).isEqualTo(frozen);

        Map<String, Object> otherValue = new HashMap<>(plain);
        otherValue.put("a", 2);
        Map<String, Object> nullMissing = new HashMap<>(Map.of("a", 1, "m", 3));
        assertThat(frozen).isNotEqualTo(otherValue).isNotEqualTo(nullMissing).isNotEqualTo(Map.of("a", 1))
                .isNotEqualTo(List.of("a"));
    }

    @Test
    void aRepeatedKeyKeepsItsPlaceAndTakesTheLastValue() {
        for (int filler : new int[] {0, 12}) {
            FrozenMap.Builder<String, String> b = FrozenMap.builder(2);
            b.put("a", "1").put("b", "2");
            for (int i = 0; i < filler; i++) {
                b.put("f" + i, "x");
            }
            b.put("a", "3");
            FrozenMap<String, String> m = b.build();
            assertThat(m).hasSize(2 + filler).containsEntry("a", "3");
            assertThat(m.keySet().iterator().next()).isEqualTo("a");
        }
    }

    @Test
    void isUnmodifiableAndItsBuilderIsSpent() {
        FrozenMap.Builder<String, String> b = FrozenMap.<String, String>builder(1).put("a", "1");
        FrozenMap<String, String> m = b.build();
        assertThatThrownBy(() -> m.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.entrySet().iterator().next().setValue("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> b.put("c", "3")).isInstanceOf(IllegalStateException.class);
        assertThat(FrozenMap.of(m)).isSameAs(m);
        assertThat(FrozenMap.of(Map.of())).isEmpty();
    }
}
