package org.cortexflow.engine.spi;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean" suggestions by Levenshtein distance. */
public final class Spelling {

    private Spelling() {
    }

    /** Candidates within a distance of about a third of {@code word}'s length, closest first. */
    public static List<String> closest(String word, Collection<String> candidates, int max) {
        int limit = Math.max(2, word.length() / 3);
        record Scored(String name, int distance) {
        }
        String lower = word.toLowerCase();
        return candidates.stream()
                .map(c -> new Scored(c, distance(lower, c.toLowerCase())))
                .filter(s -> s.distance() <= limit || s.name().startsWith(word) || s.name().endsWith("." + word))
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .limit(max)
                .map(Scored::name)
                .toList();
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
