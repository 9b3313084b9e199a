package org.cortexflow.dsl;

import static org.apache.groovy.parser.antlr4.GroovyLexer.*;

import groovyjarjarantlr4.v4.runtime.CharStreams;
import groovyjarjarantlr4.v4.runtime.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.groovy.parser.antlr4.GroovyLangLexer;
import org.apache.groovy.parser.antlr4.GroovySyntaxError;

/**
 * Writes a script's commands with named arguments, {@code input p: up}, as the calls they are,
 * {@code input(p: up)}, before the Groovy compiler parses it. Its parser spends a few
 * milliseconds deciding what such a command is, every time, even warm: a 50-task script took
 * 330 ms to parse, 19 ms with parentheses. The meaning does not change: the compiled classes
 * are the same (a test compiles both texts of many scripts and compares their bytes); lines and
 * columns stay where they were, as the opening parenthesis takes the place of the blank after the
 * command's name and the closing one goes after its last argument.
 *
 * <p>Only what is plainly such a command is rewritten: a statement that begins with two names
 * and a colon and ends at the end of its line, or at a {@code ;} or the block's {@code }}, going on
 * to the next line only after a comma, and followed by a line that cannot continue it (one that
 * begins with a name, a statement keyword or a {@code }}). The caller compiles the original text
 * when the rewritten one does not compile, so what any problem says is Groovy's own.
 */
final class ParenthesizedCommands {

    static final Set<Integer> OPENING = Set.of(LPAREN, LBRACK, LBRACE, SAFE_INDEX);
    static final Set<Integer> CLOSING = Set.of(RPAREN, RBRACK, RBRACE);
    private static final Set<Integer> NAMES = Set.of(Identifier, CapitalizedIdentifier);
    /** Tokens that can end an argument: an expression does not go on to the next line after them. */
    private static final Set<Integer> ENDINGS = Set.of(Identifier, CapitalizedIdentifier, StringLiteral, GStringEnd,
            IntegerLiteral, FloatingPointLiteral, BooleanLiteral, NullLiteral, RPAREN, RBRACK, RBRACE, THIS);
    /** Tokens that can only begin a statement, so the line before them ended one. */
    private static final Set<Integer> STATEMENT_STARTS = Set.of(Identifier, CapitalizedIdentifier, RBRACE, DEF, VAR, IF, FOR,
            WHILE, RETURN, TRY, SWITCH, THROW, ASSERT, BREAK, CONTINUE, BuiltInPrimitiveType, FINAL);

    private ParenthesizedCommands() {
    }

    /** The text with its plain named-argument commands in parentheses; {@code text} itself when there are none. */
    static String apply(String text) {
        return tokens(text).map(t -> apply(text, t)).orElse(text);
    }

    /** The script's tokens that the parser sees (not comments in brackets, not blanks); empty when Groovy's lexer fails on the text. */
    static Optional<List<Token>> tokens(String text) {
        try {
            return Optional.of(visibleTokens(text));
        } catch (GroovySyntaxError | RuntimeException e) {
            return Optional.empty(); // the parser will say what is wrong
        }
    }

    /** As {@link #apply(String)} for the text's {@link #tokens}. */
    static String apply(String text, List<Token> tokens) {
        List<Integer> opens = new ArrayList<>();
        List<Integer> closes = new ArrayList<>();
        for (int i = 0; i + 2 < tokens.size(); i++) {
            if (!startsStatement(tokens, i) || type(tokens, i) != Identifier || !NAMES.contains(type(tokens, i + 1))
                    || type(tokens, i + 2) != COLON) {
                continue;
            }
            int blank = tokens.get(i).getStopIndex() + 1;
            int key = tokens.get(i + 1).getStartIndex();
            int last = lastOfStatement(tokens, i + 2);
            if (last >= 0 && spacesOnly(text, blank, key)) {
                opens.add(blank);
                closes.add(tokens.get(last).getStopIndex() + 1);
            }
        }
        if (opens.isEmpty()) {
            return text;
        }
        closes.sort(null);
        StringBuilder out = new StringBuilder(text.length() + closes.size());
        int copied = 0;
        int o = 0;
        int c = 0;
        while (o < opens.size() || c < closes.size()) {
            boolean open = c == closes.size() || (o < opens.size() && opens.get(o) < closes.get(c));
            int at = open ? opens.get(o++) : closes.get(c++);
            out.append(text, copied, at).append(open ? '(' : ')');
            copied = open ? at + 1 : at; // the opening parenthesis takes the blank's place
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static boolean spacesOnly(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                return false;
            }
        }
        return from < to;
    }

    private static List<Token> visibleTokens(String text) {
        GroovyLangLexer lexer = new GroovyLangLexer(CharStreams.fromString(text));
        List<Token> tokens = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                tokens.add(t);
            }
        }
        return tokens;
    }

    private static int type(List<Token> tokens, int i) {
        return tokens.get(i).getType();
    }

    /** After a line end, a {@code ;} or a block's {@code {}, not the {@code {} of a GString's {@code ${...}}. */
    private static boolean startsStatement(List<Token> tokens, int i) {
        if (i == 0) {
            return true;
        }
        int before = type(tokens, i - 1);
        if (before == LBRACE) {
            return i < 2 || (type(tokens, i - 2) != GStringBegin && type(tokens, i - 2) != GStringPart);
        }
        return before == NL || before == SEMI;
    }

    /** The index of the statement's last token, for a statement that plainly ends; -1 otherwise. */
    private static int lastOfStatement(List<Token> tokens, int from) {
        int depth = 0;
        int last = from;
        for (int j = from; j < tokens.size(); j++) {
            int type = type(tokens, j);
            if (OPENING.contains(type)) {
                depth++;
            } else if (CLOSING.contains(type)) {
                if (depth == 0) {
                    return last;
                }
                depth--;
            } else if (depth == 0 && type == SEMI) {
                return last;
            } else if (depth == 0 && NAMES.contains(type) && ENDINGS.contains(type(tokens, last))) {
                return -1; // a command chain (with a: 1 then b): parentheses would cut it
            } else if (depth == 0 && type == NL) {
                if (type(tokens, last) == COMMA) {
                    continue; // the arguments go on on the next line
                }
                if (!ENDINGS.contains(type(tokens, last))) {
                    return -1;
                }
                int next = j + 1;
                while (next < tokens.size() && type(tokens, next) == NL) {
                    next++;
                }
                return next == tokens.size() || STATEMENT_STARTS.contains(type(tokens, next)) ? last : -1;
            }
            if (type != NL) {
                last = j;
            }
        }
        return depth == 0 ? last : -1;
    }
}
