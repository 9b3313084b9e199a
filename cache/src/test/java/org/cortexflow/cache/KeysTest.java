package org.cortexflow.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeysTest {

    @Test
    void valuesOfDifferentTypesNeverShareAKey() {
        assertThat(Keys.hash("t", 1L)).isNotEqualTo(Keys.hash("t", 1.0));
        assertThat(Keys.hash("t", 1L)).isNotEqualTo(Keys.hash("t", "1"));
        assertThat(Keys.hash("t", true)).isNotEqualTo(Keys.hash("t", "1"));
        assertThat(Keys.hash("t", List.of("a", "b"))).isNotEqualTo(Keys.hash("t", List.of("ab")));
        assertThat(Keys.hash("t", "a", "b")).isNotEqualTo(Keys.hash("t", "ab"));
    }

    @Test
    void mapOrderDoesNotChangeTheKey() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1L);
        ab.put("b", 2L);
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", 2L);
        ba.put("a", 1L);
        assertThat(Keys.hash("t", ab)).isEqualTo(Keys.hash("t", ba));
    }

    @Test
    void theSchemeVersionIsPartOfEveryKey() {
        byte[] bytes = Keys.canonical(List.of(Keys.SCHEME, "t", List.of("x")));
        assertThat(Keys.hash("t", "x")).isEqualTo(Digest.of(bytes));
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).contains(Keys.SCHEME);
    }

    @Test
    void negativeZeroIsZero() {
        assertThat(Keys.hash("t", -0.0)).isEqualTo(Keys.hash("t", 0.0));
    }

    @Test
    void nullHasNoCanonicalForm() {
        assertThatThrownBy(() -> Keys.canonical(java.util.Arrays.asList("a", null))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysAreStableAcrossReleases() {
        // a change here invalidates every user's cache: bump Keys.SCHEME when it is intended
        assertThat(Keys.hash("task", "shell", "1", Map.of("command", "echo"), Map.of(), Map.of()).hex())
                .isEqualTo(Digest.of(Keys.canonical(List.of(Keys.SCHEME, "task",
                        List.of("shell", "1", Map.of("command", "echo"), Map.of(), Map.of())))).hex());
        assertThat(new String(Keys.canonical(List.of("ab", 3L, Map.of("k", true))), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("l3:s2:abi1:3m1:s1:kb1:1ee");
    }
}
