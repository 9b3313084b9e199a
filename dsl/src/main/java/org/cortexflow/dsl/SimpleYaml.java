package org.cortexflow.dsl;

import org.cortexflow.dsl.SourceNode.Scalar;
import org.cortexflow.dsl.SourceNode.ScalarKind;
import org.cortexflow.engine.model.Location;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the plain subset of YAML that workflow files are written in, several times faster than
 * SnakeYAML's scanner (which reads a character at a time through code-point buffers and builds a
 * token, an event and a mark per part): a root block map; block maps and lists nested in it; keys
 * and values on one line each, as plain, single- or double-quoted scalars; flow maps and lists on
 * one line; literal block scalars ({@code |}, {@code |-}); comments; a leading {@code ---}.
 *
 * <p>Anything else (anchors, aliases, tags, merge keys, folded or kept block scalars, scalars or
 * flow collections over several lines, tabs, line breaks other than {@code \n}, a second
 * document) and anything that is not valid YAML makes {@link #read} give up, and the full parser
 * reads the text: so problems, and every feature YAML has, are exactly those of SnakeYAML. What
 * this reads, it reads as SnakeYAML and Jackson do, locations included: plain scalars are typed
 * by the same rules (SnakeYAML's resolver where the simple cases end), and a test compares the
 * two readers on every workflow in the repository and on generated texts.
 */
final class SimpleYaml {

    /** Thrown where the text leaves the subset; no stack trace, it is only a jump back to {@link #read}. */
    private static final class NotSimple extends RuntimeException {
        NotSimple() {
            super(null, null, false, false);
        }
    }

    private static final NotSimple NOT_SIMPLE = new NotSimple();
    /** SnakeYAML's resolver, made when a scalar first needs it (its rules are a few dozen regexes). */
    private static final class Resolving {
        static final Resolver RESOLVER = new Resolver();
    }

    /** Below the full parser's nesting limit (1,000), and far from this reader's own stack's. */
    private static final int MAX_DEPTH = 500;
    /** SnakeYAML refuses a key longer than this (it looks no further for the ':'). */
    private static final int MAX_KEY = 1_000;

    /** The text as chars: reading a String a char at a time costs a call and a check of its coder each. */
    private final char[] text;
    private final int end;
    private final String file;
    private final YamlTreeReader tree;
    private int pos;
    private int line = 1;
    private int lineStart;
    /** Maps and lists open. */
    private int depth;

    private SimpleYaml(char[] text, String file, YamlTreeReader tree) {
        this.text = text;
        this.end = text.length;
        this.file = file;
        this.tree = tree;
    }

    /** Reads {@code text} into {@code tree}; false when it is not in the subset (the tree is then of no use). */
    static boolean read(String text, String file, YamlTreeReader tree) {
        char[] chars = text.toCharArray();
        if (!plainCharacters(chars)) {
            return false;
        }
        try {
            new SimpleYaml(chars, file, tree).document();
            return true;
        } catch (NotSimple e) {
            return false;
        }
    }

    /** No tabs, no line breaks but {@code \n}, no other control characters, no byte-order mark, no surrogate pairs (SnakeYAML counts columns in code points). */
    private static boolean plainCharacters(char[] text) {
        for (char c : text) {
            if (c < ' ' ? c != '\n' : c >= 0x7f && (c <= 0x9f || c >= 0xd800 && c <= 0xdfff || c >= 0x2028 && c <= 0x2029 || c >= 0xfeff)) {
                return false;
            }
        }
        return true;
    }

    private void document() {
        int indent = nextContentLine();
        if (indent != 0) {
            throw NOT_SIMPLE; // empty, or a root indented: the full parser reports or reads it
        }
        if (startsWith("---", pos) && (pos + 3 == end || text[pos + 3] == '\n' || text[pos + 3] == ' ')) {
            pos += 3;
            endOfLine();
            indent = nextContentLine();
            if (indent != 0) {
                throw NOT_SIMPLE;
            }
        }
        blockMap(0);
        if (pos != end) {
            throw NOT_SIMPLE; // a line less indented than the root cannot be, so a second document or a mistake
        }
    }

    /** A block map whose first key starts at {@code pos}, in column {@code indent}; ends at the start of the line after it. */
    private void blockMap(int indent) {
        open(true);
        while (true) {
            if (pos == lineStart && (startsWith("---", pos) || startsWith("...", pos))) {
                throw NOT_SIMPLE; // a second document, or the end of this one
            }
            Location keyAt = here();
            String key = key();
            if (key.equals("<<")) {
                throw NOT_SIMPLE; // a merge: the full parser applies it
            }
            tree.key(key, keyAt);
            pos++; // the ':'
            mapValue(indent);
            int next = nextContentLine();
            if (next < indent) {
                break;
            }
            if (next > indent) {
                throw NOT_SIMPLE; // a plain scalar going on, or a mistake
            }
            pos += next;
        }
        close();
    }

    /** Opens a map or list at {@code pos}; one nested deeper than the full parser allows is left to it to report. */
    private void open(boolean isMap) {
        if (++depth > MAX_DEPTH) {
            throw NOT_SIMPLE;
        }
        if (isMap) {
            tree.openMap(here(), null);
        } else {
            tree.openList(here(), null);
        }
    }

    private void close() {
        depth--;
        tree.close();
    }

    /** A key and its ':', followed by a space or the line's end; leaves {@code pos} at the ':'. */
    private String key() {
        char c = charAt(pos);
        String key;
        if (c == '"' || c == '\'') {
            key = quoted();
        } else {
            int start = pos;
            if (!plainStart(c)) {
                throw NOT_SIMPLE;
            }
            while (true) {
                c = charAt(pos);
                if (c == '\n' || c == 0 || c == '#' && text[pos - 1] == ' ') {
                    throw NOT_SIMPLE;
                }
                if (c == ':' && blankOrEnd(pos + 1)) {
                    break;
                }
                pos++;
            }
            if (text[pos - 1] == ' ' || pos - start > MAX_KEY) {
                throw NOT_SIMPLE;
            }
            key = new String(text, start, pos - start);
        }
        if (charAt(pos) != ':' || !blankOrEnd(pos + 1)) {
            throw NOT_SIMPLE;
        }
        return key;
    }

    /** The value after a block map's key, {@code pos} just after its ':'. */
    private void mapValue(int indent) {
        int colon = pos;
        skipSpaces();
        char c = charAt(pos);
        if (c == '\n' || c == 0 || c == '#') {
            Location emptyAt = at(colon);
            pos = colon;
            endOfLine();
            int next = nextContentLine();
            if (next > indent || next == indent && isEntry(pos + next)) {
                pos += next;
                nestedBlock(next);
            } else {
                tree.add(Scalar.string("", emptyAt)); // as Jackson gives an empty value
            }
            return;
        }
        inlineValue(indent);
    }

    /** A block map or list that starts at {@code pos}, in column {@code indent}. */
    private void nestedBlock(int indent) {
        if (isEntry(pos)) {
            blockList(indent);
        } else {
            blockMap(indent);
        }
    }

    /** A block list whose first '-' is at {@code pos}, in column {@code indent}. */
    private void blockList(int indent) {
        open(false);
        while (true) {
            pos++; // the '-'
            skipSpaces();
            char c = charAt(pos);
            if (c == '\n' || c == 0 || c == '#' || c == '-' && blankOrEnd(pos + 1)) {
                throw NOT_SIMPLE; // an empty item, or a block on the next lines, or a list in a list
            }
            if (startsKey()) {
                blockMap(pos - lineStart);
            } else {
                inlineValue(indent);
            }
            int next = nextContentLine();
            if (next == indent && isEntry(pos + next)) {
                pos += next;
                continue;
            }
            if (next > indent) {
                throw NOT_SIMPLE;
            }
            break;
        }
        close();
    }

    /** Whether {@code at} is a list entry's '-'. */
    private boolean isEntry(int at) {
        return charAt(at) == '-' && blankOrEnd(at + 1);
    }

    /** Whether the text at {@code pos} is a key and its ':' on this line (a compact map in a list entry). */
    private boolean startsKey() {
        int save = pos;
        char c = charAt(pos);
        try {
            if (c == '"' || c == '\'') {
                quoted();
                skipSpaces();
                return charAt(pos) == ':';
            }
            if (!plainStart(c)) {
                return false;
            }
            for (int i = pos; ; i++) {
                char d = charAt(i);
                if (d == '\n' || d == 0 || d == '#' && text[i - 1] == ' ') {
                    return false;
                }
                if (d == ':' && blankOrEnd(i + 1)) {
                    return true;
                }
            }
        } finally {
            pos = save;
        }
    }

    /** A value on the line at {@code pos} (not empty): a flow collection, a quoted, literal or plain scalar. */
    private void inlineValue(int indent) {
        char c = charAt(pos);
        if (c == '{' || c == '[') {
            flow(indent);
        } else if (c == '"' || c == '\'') {
            Location at = here();
            tree.add(Scalar.string(quoted(), at));
        } else if (c == '|' || c == '>') {
            blockScalar(indent);
            return;
        } else {
            Location at = here();
            int start = pos;
            if (!plainStart(c)) {
                throw NOT_SIMPLE;
            }
            int last = pos; // one past the last character that is not a space
            while (true) {
                c = charAt(pos);
                if (c == '\n' || c == 0 || c == '#' && text[pos - 1] == ' ') {
                    break;
                }
                if (c == ':' && blankOrEnd(pos + 1)) {
                    throw NOT_SIMPLE; // a map where none may start
                }
                pos++;
                if (c != ' ') {
                    last = pos;
                }
            }
            pos = last;
            tree.add(plain(new String(text, start, last - start), at));
        }
        endOfLine();
    }

    /**
     * A flow map or list starting at {@code pos}, in a block indented {@code indent}: its lines
     * may break after its opening bracket, a comma or a quoted scalar or collection (after a plain
     * scalar a break would continue it).
     */
    private void flow(int indent) {
        boolean isMap = charAt(pos) == '{';
        char close = isMap ? '}' : ']';
        open(isMap);
        pos++;
        flowSpace(indent);
        if (charAt(pos) == close) {
            pos++;
            close();
            return;
        }
        while (true) {
            if (isMap) {
                Location keyAt = here();
                String key = flowScalarText(true);
                if (key.equals("<<") || charAt(pos) != ':' || charAt(pos + 1) != ' ') { // also "a :", which YAML allows
                    throw NOT_SIMPLE;
                }
                tree.key(key, keyAt);
                pos++;
                skipSpaces();
            }
            char c = charAt(pos);
            if (c == '{' || c == '[') {
                flow(indent);
                flowSpace(indent);
            } else if (c == '"' || c == '\'') {
                Location at = here();
                tree.add(Scalar.string(flowScalarText(false), at));
                flowSpace(indent);
            } else {
                Location at = here();
                tree.add(plain(flowScalarText(false), at));
            }
            c = charAt(pos);
            pos++;
            if (c == close) {
                break;
            }
            if (c != ',') {
                throw NOT_SIMPLE;
            }
            flowSpace(indent);
            if (charAt(pos) == close) {
                throw NOT_SIMPLE; // a trailing comma
            }
        }
        close();
    }

    /** A scalar in a flow collection: quoted, or plain up to ',', a closing bracket or (for a key) ": ". */
    private String flowScalarText(boolean isKey) {
        char c = charAt(pos);
        if (c == '"' || c == '\'') {
            return quoted();
        }
        if (!plainStart(c)) {
            throw NOT_SIMPLE;
        }
        int start = pos;
        int last = pos;
        while (true) {
            c = charAt(pos);
            if (c == ',' || c == '}' || c == ']' || c == ':' && isKey) {
                break;
            }
            if (c == '\n' || c == 0 || c == ':' || c == '?' || c == '#' || c == '{' || c == '[' || c == '"' || c == '\'') {
                throw NOT_SIMPLE;
            }
            pos++;
            if (c != ' ') {
                last = pos;
            }
        }
        if (last == start || last - start > MAX_KEY) {
            throw NOT_SIMPLE;
        }
        if (isKey && last != pos) {
            throw NOT_SIMPLE;
        }
        String s = new String(text, start, last - start);
        pos = last;
        if (!isKey) {
            skipSpaces();
        }
        return s;
    }

    /** A single- or double-quoted scalar on one line, {@code pos} at its opening quote; leaves it after the closing one. */
    private String quoted() {
        char quote = text[pos++];
        int start = pos;
        StringBuilder out = null;
        while (true) {
            char c = charAt(pos);
            if (c == '\n' || c == 0) {
                throw NOT_SIMPLE;
            }
            if (c == quote) {
                if (quote == '\'' && charAt(pos + 1) == '\'') {
                    out = appendTo(out, start, pos + 1);
                    pos += 2;
                    start = pos;
                    continue;
                }
                break;
            }
            if (c == '\\' && quote == '"') {
                out = appendTo(out, start, pos);
                out.append(escape());
                start = pos;
                continue;
            }
            pos++;
        }
        String s = out == null ? new String(text, start, pos - start) : appendTo(out, start, pos).toString();
        pos++;
        return s;
    }

    private StringBuilder appendTo(StringBuilder out, int from, int to) {
        StringBuilder b = out == null ? new StringBuilder() : out;
        return b.append(text, from, to - from);
    }

    /** The character a double-quoted scalar's escape at {@code pos} stands for; leaves {@code pos} after it. */
    private char escape() {
        char c = charAt(pos + 1);
        pos += 2;
        switch (c) {
            case '\\':
            case '"':
            case '/':
                return c;
            case 'n':
                return '\n';
            case 't':
                return '\t';
            case 'r':
                return '\r';
            case '0':
                return '\0';
            case 'u':
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(charAt(pos++), 16);
                    if (digit < 0) {
                        throw NOT_SIMPLE;
                    }
                    code = code * 16 + digit;
                }
                if (code >= 0xd800 && code <= 0xdfff) {
                    throw NOT_SIMPLE;
                }
                return (char) code;
            default:
                throw NOT_SIMPLE;
        }
    }

    /**
     * A literal ({@code |}) or folded ({@code >}) block scalar, {@code pos} at its indicator, in a
     * block indented {@code indent}: the lines after it indented as its first one, without that
     * indentation; a folded one joins lines that start with text with a space, and keeps the line
     * breaks around empty and more indented lines. Clipped to one final line break, or stripped of it
     * ({@code |-}, {@code >-}). Leaves {@code pos} at the start of the line after it.
     */
    private void blockScalar(int indent) {
        Location at = here();
        boolean folded = charAt(pos) == '>';
        pos++;
        boolean strip = charAt(pos) == '-';
        if (strip) {
            pos++;
        }
        char c = charAt(pos);
        if (c != '\n' && c != 0 && c != ' ') {
            throw NOT_SIMPLE; // kept (|+), an explicit indentation, or a comment without its space
        }
        endOfLine();
        int contentIndent = spacesAt(pos);
        if (contentIndent <= indent || charAt(pos + contentIndent) == '\n' || pos + contentIndent >= end) {
            throw NOT_SIMPLE; // empty, or starting with an empty line
        }
        StringBuilder out = new StringBuilder();
        int emptyLines = 0;
        boolean first = true;
        boolean previousSpaced = false;
        boolean broken = false; // whether the last content line ended in a line break
        while (pos < end) {
            int spaces = spacesAt(pos);
            if (pos + spaces == end || charAt(pos + spaces) == '\n') {
                if (spaces > contentIndent) {
                    throw NOT_SIMPLE; // spaces that would be content
                }
                pos += spaces;
                if (pos == end) {
                    break;
                }
                emptyLines++;
                newLine();
                continue;
            }
            if (spaces < contentIndent) {
                break;
            }
            boolean spaced = spaces > contentIndent;
            if (!first && (!folded || previousSpaced || spaced)) {
                out.append('\n');
            } else if (!first && emptyLines == 0) {
                out.append(' ');
            }
            for (; emptyLines > 0; emptyLines--) {
                out.append('\n');
            }
            first = false;
            previousSpaced = spaced;
            int eol = lineBreak(pos);
            int lineEnd = eol < 0 ? end : eol;
            out.append(text, pos + contentIndent, lineEnd - pos - contentIndent);
            pos = lineEnd;
            broken = eol >= 0;
            if (broken) {
                newLine();
            }
        }
        if (!strip && broken) {
            out.append('\n');
        }
        tree.add(Scalar.string(out.toString(), at));
    }

    /** The scalar a plain scalar's text resolves to, as SnakeYAML's resolver and Jackson type it. */
    private static Scalar plain(String s, Location at) {
        char c = s.charAt(0);
        if (c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.') {
            int digits = integerDigits(s);
            int sign = c == '-' ? 1 : 0;
            if (digits == s.length() && digits - sign <= 18) {
                return new Scalar(ScalarKind.INT, Long.parseLong(s), s, at);
            }
            if (digits > 0 && digits < s.length() && digits - sign <= 15 && s.charAt(digits) == '.') {
                int fraction = s.length() - digits - 1;
                if (fraction > 0 && fraction <= 15 && allDigits(s, digits + 1)) {
                    return new Scalar(ScalarKind.FLOAT, Double.parseDouble(s), s, at);
                }
            }
            return resolved(s, at);
        }
        if (s.length() > 5 || "yYnNtTfFoO~<=".indexOf(c) < 0) {
            return Scalar.string(s, at); // no implicit type but booleans, null, merge and value starts with it, none longer
        }
        switch (s) {
            case "true":
            case "True":
            case "TRUE":
                return new Scalar(ScalarKind.BOOL, Boolean.TRUE, s, at);
            case "false":
            case "False":
            case "FALSE":
                return new Scalar(ScalarKind.BOOL, Boolean.FALSE, s, at);
            case "null":
            case "Null":
            case "NULL":
            case "~":
                return new Scalar(ScalarKind.NULL, null, s, at);
            default:
                return resolved(s, at);
        }
    }

    /**
     * Where a decimal integer at the start of {@code s} ends ({@code -0}, {@code 42}, not {@code 042}
     * or {@code +1}, which YAML 1.1 reads otherwise): its length with the sign, or -1 when there is none
     */
    private static int integerDigits(String s) {
        int i = s.charAt(0) == '-' ? 1 : 0;
        int first = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == first || s.charAt(first) == '0' && i > first + 1) {
            return -1;
        }
        return i;
    }

    private static boolean allDigits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A plain scalar SnakeYAML's resolver finds a string, or a jump back to the full parser, which types the rest. */
    private static Scalar resolved(String s, Location at) {
        if (Resolving.RESOLVER.resolve(NodeId.scalar, s, true).equals(Tag.STR)) {
            return Scalar.string(s, at);
        }
        throw NOT_SIMPLE; // yes/no, octal, hexadecimal, sexagesimal, exponents, .inf, dates: the full parser types them
    }

    /** Whether a plain scalar may start with {@code c} here (a '-' must not be followed by a space, which {@link #isEntry} catches first). */
    private boolean plainStart(char c) {
        if ("-?:,[]{}#&*!|>'\"%@`\n\0 ".indexOf(c) < 0) {
            return true;
        }
        return (c == '-' || c == '?' || c == ':') && !blankOrEnd(pos + 1) && "\n,[]{}".indexOf(charAt(pos + 1)) < 0;
    }

    /**
     * Skips spaces, comments and line breaks in a flow collection in a block indented {@code indent};
     * its lines after the first must be indented more than the block, or empty.
     */
    private void flowSpace(int indent) {
        while (true) {
            if (skipSpacesAndComment() != '\n') {
                return;
            }
            newLine();
            int spaces = spacesAt(pos);
            if (spaces <= indent && charAt(pos + spaces) != '\n') {
                throw NOT_SIMPLE;
            }
        }
    }

    /** Skips spaces and a comment to the line's end (there must be nothing else), and the line break. */
    private void endOfLine() {
        char c = skipSpacesAndComment();
        if (c == '\n') {
            newLine();
        } else if (c != 0 || pos < end) {
            throw NOT_SIMPLE;
        }
    }

    /** Skips spaces and a comment after them, up to the line break; the char there (0 at the end). */
    private char skipSpacesAndComment() {
        int from = pos;
        skipSpaces();
        char c = charAt(pos);
        if (c == '#') {
            if (pos == from) {
                throw NOT_SIMPLE; // a '#' right after a value is part of it, or a mistake
            }
            int eol = lineBreak(pos);
            pos = eol < 0 ? end : eol;
            c = charAt(pos);
        }
        return c;
    }

    /**
     * Skips blank lines and comment lines from the start of a line; the indentation of the next line
     * with content, {@code pos} at its start, or -1 at the end of the text.
     */
    private int nextContentLine() {
        while (pos < end) {
            int spaces = spacesAt(pos);
            char c = charAt(pos + spaces);
            if (c == '\n') {
                pos += spaces;
                newLine();
            } else if (c == '#') {
                int eol = lineBreak(pos);
                if (eol < 0) {
                    pos = end;
                } else {
                    pos = eol;
                    newLine();
                }
            } else if (pos + spaces >= end) {
                pos = end;
            } else {
                return spaces;
            }
        }
        return -1;
    }

    /** Where the line holding {@code at} ends: its '\n', or -1 when it is the last and has none. */
    private int lineBreak(int at) {
        for (int i = at; i < end; i++) {
            if (text[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean startsWith(String s, int at) {
        if (at + s.length() > end) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (text[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int spacesAt(int at) {
        int i = at;
        while (i < end && text[i] == ' ') {
            i++;
        }
        return i - at;
    }

    private void skipSpaces() {
        while (pos < end && text[pos] == ' ') {
            pos++;
        }
    }

    /** {@code pos} at a '\n': steps over it into the next line. */
    private void newLine() {
        pos++;
        line++;
        lineStart = pos;
    }

    private boolean blankOrEnd(int at) {
        char c = charAt(at);
        return c == ' ' || c == '\n' || at >= end;
    }

    /** The char at {@code at}, or 0 past the end (the text holds no 0: {@link #plainCharacters}). */
    private char charAt(int at) {
        return at < end ? text[at] : 0;
    }

    private Location here() {
        return at(pos);
    }

    /** The location of {@code at}, on the current line: Jackson's 1-based line and column. */
    private Location at(int at) {
        return new Location(file, line, at - lineStart + 1);
    }
}
