package org.cortexflow.dsl;

import java.util.Optional;

/**
 * Where the tasks map of a large YAML workflow can be cut in two, so that the part after the cut
 * is parsed on another core while this one parses the part before it ({@link YamlTreeReader#readCut}).
 * SnakeYAML's scanner, about 3 MB a second under the client compiler, is most of the time a
 * 100,000-task YAML file takes to load.
 *
 * <p>A cut is only made where a whole read would see a new task begin: the root's {@code tasks:}
 * map runs to the end of the file (a root key after it, a second document or a line at column 0
 * that is not a comment rules a cut out), and the cut is at a line indented exactly as the tasks'
 * keys that starts a plain or quoted key, after the first task. Such a line ends any block scalar, plain scalar or
 * nested block before it. What the text alone cannot tell is left to the reading: a flow
 * collection or quoted scalar still open at the cut makes the first part end in a syntax error
 * (the file is then read again as a whole), and one that the second part cannot do without (an
 * alias of an anchor before the cut, a syntax error, a key given twice in it) makes its parse
 * report a problem: the first part's parser then reads on past the cut, as over the whole text.
 * Either way every problem is reported exactly as a whole read reports it; a key given on both
 * sides of the cut is reported when the parts are joined, as the whole read reports it.
 *
 * @param offset where the cut line starts, in chars
 * @param linesBefore the lines before it
 */
record TaskMapSplit(int offset, int linesBefore) {

    /**
     * Below about 4 MB two parsers are slower than one: both start in the interpreter, and the
     * compiler thread takes the second core (10,000 tasks, 1.4 MB: 1.21x the time; 30,000, 4.2 MB:
     * 0.94x; 100,000, 14 MB: 0.87x).
     */
    static final int MIN_CHARS = 4 << 20;

    /** Where to cut {@code text}, when it is large, has a tasks map a cut can go through, and a second core would parse it. */
    static Optional<TaskMapSplit> find(String text) {
        if (text.length() < MIN_CHARS || Runtime.getRuntime().availableProcessors() < 2) {
            return Optional.empty();
        }
        return at(text, text.length() / 2);
    }

    /**
     * The first cut at or after char {@code from}, whatever the text's size: tests cut small texts.
     * Empty when the text's lines are not all broken by {@code \n} (YAML also breaks them at a lone
     * {@code \r} and at NEL, LS and PS, which would shift the second part's line numbers).
     */
    static Optional<TaskMapSplit> at(String text, int from) {
        if (text.indexOf('\u0085') >= 0 || text.indexOf('\u2028') >= 0 || text.indexOf('\u2029') >= 0 || hasLoneReturn(text)) {
            return Optional.empty();
        }
        int tasksIndent = -1;
        boolean inTasks = false;
        int cut = -1;
        int cutLines = 0;
        int lines = 0;
        for (int start = 0; start < text.length(); lines++) {
            int end = text.indexOf('\n', start);
            int next = end < 0 ? text.length() : end + 1;
            int indent = 0;
            while (start + indent < next && text.charAt(start + indent) == ' ') {
                indent++;
            }
            int first = start + indent;
            char c = first < next ? text.charAt(first) : '\n';
            boolean blank = c == '\n' || c == '\r' || c == '#';
            if (!blank && indent == 0) {
                if (inTasks) {
                    return Optional.empty(); // a root key, document marker or stray text after the tasks map
                }
                inTasks = isTasksKey(text, first, next);
            } else if (inTasks && !blank) {
                if (c == '\t') {
                    return Optional.empty();
                }
                boolean firstTask = tasksIndent < 0;
                if (firstTask) {
                    tasksIndent = indent;
                }
                if (indent == tasksIndent) {
                    if (!startsPlainOrQuotedKey(text, first)) {
                        return Optional.empty(); // an explicit, anchored, tagged or merge key, or a list
                    }
                    // not before the first task: the part before the cut must open the map
                    if (cut < 0 && start >= from && !firstTask) {
                        cut = start;
                        cutLines = lines;
                    }
                } else if (indent < tasksIndent) {
                    return Optional.empty();
                }
            }
            start = next;
        }
        return cut < 0 ? Optional.empty() : Optional.of(new TaskMapSplit(cut, cutLines));
    }

    private static boolean hasLoneReturn(String text) {
        for (int i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
            if (i + 1 == text.length() || text.charAt(i + 1) != '\n') {
                return true;
            }
        }
        return false;
    }

    /** {@code tasks:} with nothing after it but spaces or a comment: a block map follows. */
    private static boolean isTasksKey(String text, int first, int next) {
        if (!text.startsWith("tasks:", first)) {
            return false;
        }
        for (int i = first + 6; i < next; i++) {
            char c = text.charAt(i);
            if (c == '#') {
                return text.charAt(i - 1) == ' '; // "tasks:#x" is one plain scalar
            }
            if (c != ' ' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }

    private static boolean startsPlainOrQuotedKey(String text, int first) {
        char c = text.charAt(first);
        if (c == '"' || c == '\'') {
            return !text.startsWith("<<", first + 1);
        }
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
