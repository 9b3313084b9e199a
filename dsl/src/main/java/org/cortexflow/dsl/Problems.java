package org.cortexflow.dsl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.cortexflow.engine.model.Halves;
import org.cortexflow.engine.model.Location;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.spi.Spelling;

/**
 * The problems found while loading one workflow file. Each is kept once: a sweep re-reads the same
 * tasks for every variant, and a mistake in them must still be reported a single time.
 */
final class Problems {

    private final Set<Problem> found = new LinkedHashSet<>();

    void add(Problem problem) {
        found.add(problem);
    }

    void add(Location at, String subject, String message, String hint) {
        found.add(new Problem(at, subject, message, hint));
    }

    void addAll(Problems other) {
        found.addAll(other.found);
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    int count() {
        return found.size();
    }

    /**
     * {@code work} over the two halves of {@code items} at once ({@link Halves}); the second half
     * reports to problems of its own, added here afterwards.
     */
    <T, R> List<R> inHalves(List<T> items, BiFunction<List<T>, Problems, List<R>> work) {
        if (!Halves.worthIt(items)) {
            return work.apply(items, this);
        }
        int mid = items.size() / 2;
        Problems second = new Problems();
        List<R> out = Halves.both(() -> work.apply(items.subList(0, mid), this),
                () -> work.apply(items.subList(mid, items.size()), second));
        found.addAll(second.found);
        return out;
    }

    /** In file order; problems without a line (command-line overrides, unreadable files) first. */
    List<Problem> sorted() {
        List<Problem> out = new ArrayList<>(found);
        out.sort(Comparator.comparingInt((Problem p) -> p.location().line())
                .thenComparingInt(p -> p.location().column()));
        return out;
    }

    /** "did you mean 'x'?" for the closest candidates, or "" when none is close. */
    static String didYouMean(String word, Collection<String> candidates) {
        List<String> close = Spelling.closest(word, candidates, 3);
        if (close.isEmpty()) {
            return "";
        }
        return "did you mean " + close.stream().map(c -> "'" + c + "'").collect(Collectors.joining(" or ")) + "?";
    }

    /** A did-you-mean hint, or the list of what is allowed when nothing is close and the list is short. */
    static String suggestion(String word, Collection<String> candidates) {
        String hint = didYouMean(word, candidates);
        if (!hint.isEmpty() || candidates.isEmpty() || candidates.size() > 12) {
            return hint;
        }
        return "expected one of: " + String.join(", ", candidates);
    }
}
