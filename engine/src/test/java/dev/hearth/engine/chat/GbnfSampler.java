package dev.hearth.engine.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Produces random text matching a GBNF expression (literals, char classes, groups, alternation, {@code * + ?} and
 * {@code {n}} / {@code {m,n}}), with rule references replaced by fixed text. Parsing the expression fully also
 * checks that its quotes, brackets and parentheses are balanced.
 */
final class GbnfSampler {

    private final String source;
    private final Map<String, String> rules;
    private final Random random;
    private int pos;

    private GbnfSampler(String source, Map<String, String> rules, Random random) {
        this.source = source;
        this.rules = rules;
        this.random = random;
    }

    static String sample(String expression, Map<String, String> rules, Random random) {
        GbnfSampler sampler = new GbnfSampler(expression, rules, random);
        Node node = sampler.alternation();
        sampler.skipSpace();
        if (sampler.pos != expression.length()) {
            throw new IllegalArgumentException("unexpected text at " + sampler.pos + " in " + expression);
        }
        StringBuilder out = new StringBuilder();
        node.emit(out, random);
        return out.toString();
    }

    private interface Node {
        void emit(StringBuilder out, Random random);
    }

    private Node alternation() {
        List<Node> options = new ArrayList<>();
        options.add(sequence());
        while (peek() == '|') {
            pos++;
            options.add(sequence());
        }
        return options.size() == 1 ? options.getFirst()
                : (out, r) -> options.get(r.nextInt(options.size())).emit(out, r);
    }

    private Node sequence() {
        List<Node> items = new ArrayList<>();
        while (true) {
            char c = peek();
            if (c == 0 || c == '|' || c == ')') {
                break;
            }
            items.add(repeated(primary()));
        }
        return (out, r) -> items.forEach(item -> item.emit(out, r));
    }

    private Node repeated(Node node) {
        if (pos >= source.length()) {
            return node;
        }
        char c = source.charAt(pos);
        int min;
        int max;
        switch (c) {
            case '*' -> { min = 0; max = 3; pos++; }
            case '+' -> { min = 1; max = 3; pos++; }
            case '?' -> { min = 0; max = 1; pos++; }
            case '{' -> {
                int close = source.indexOf('}', pos);
                String[] bounds = source.substring(pos + 1, close).split(",", -1);
                min = Integer.parseInt(bounds[0].strip());
                max = bounds.length == 1 ? min : bounds[1].isBlank() ? min + 3 : Integer.parseInt(bounds[1].strip());
                pos = close + 1;
            }
            default -> { return node; }
        }
        return (out, r) -> {
            int count = min + r.nextInt(max - min + 1);
            for (int i = 0; i < count; i++) {
                node.emit(out, r);
            }
        };
    }

    private Node primary() {
        char c = peek();
        if (c == '"') {
            String literal = literal();
            return (out, r) -> out.append(literal);
        }
        if (c == '[') {
            List<Character> chars = charClass();
            return (out, r) -> out.append(chars.get(r.nextInt(chars.size())));
        }
        if (c == '(') {
            pos++;
            Node inner = alternation();
            if (peek() != ')') {
                throw new IllegalArgumentException("unbalanced parenthesis at " + pos + " in " + source);
            }
            pos++;
            return inner;
        }
        int start = pos;
        while (pos < source.length() && (Character.isLetterOrDigit(source.charAt(pos)) || source.charAt(pos) == '-')) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("unexpected '" + c + "' at " + pos + " in " + source);
        }
        String name = source.substring(start, pos);
        String text = rules.get(name);
        if (text == null) {
            throw new IllegalArgumentException("unknown rule " + name);
        }
        return (out, r) -> out.append(text);
    }

    private String literal() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= source.length()) {
                throw new IllegalArgumentException("unterminated literal in " + source);
            }
            char c = source.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                char e = source.charAt(pos++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case '"', '\\', '[', ']' -> out.append(e);
                    case 'x' -> {
                        out.append((char) Integer.parseInt(source.substring(pos, pos + 2), 16));
                        pos += 2;
                    }
                    default -> throw new IllegalArgumentException("unknown escape \\" + e + " in " + source);
                }
            } else if (c == '\n') {
                throw new IllegalArgumentException("raw newline inside a literal in " + source);
            } else {
                out.append(c);
            }
        }
    }

    private List<Character> charClass() {
        pos++;
        boolean negated = source.charAt(pos) == '^';
        if (negated) {
            pos++;
        }
        List<char[]> ranges = new ArrayList<>();
        while (source.charAt(pos) != ']') {
            char from = source.charAt(pos++);
            char to = from;
            if (source.charAt(pos) == '-' && source.charAt(pos + 1) != ']') {
                to = source.charAt(pos + 1);
                pos += 2;
            }
            ranges.add(new char[] {from, to});
        }
        pos++;
        List<Character> chars = new ArrayList<>();
        for (char c = ' '; c <= '~'; c++) {
            boolean inside = false;
            for (char[] range : ranges) {
                inside |= c >= range[0] && c <= range[1];
            }
            if (inside != negated) {
                chars.add(c);
            }
        }
        if (chars.isEmpty()) {
            throw new IllegalArgumentException("empty character class in " + source);
        }
        return chars;
    }

    private char peek() {
        skipSpace();
        return pos < source.length() ? source.charAt(pos) : 0;
    }

    private void skipSpace() {
        while (pos < source.length() && Character.isWhitespace(source.charAt(pos))) {
            pos++;
        }
    }
}
