package dev.hearth.engine.grammar;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates an ECMAScript regular expression (the subset JSON Schema's {@code pattern} uses in practice) into GBNF for
 * the contents of a JSON string whose decoded value matches the whole expression. Unanchored patterns are matched whole
 * too, which is stricter than JSON Schema's search and so always valid. Lookarounds, backreferences, word boundaries
 * and Unicode property escapes are rejected with {@link IllegalArgumentException}.
 */
final class RegexGrammar {
    private static final int MAX_CODE_POINT = 0x10FFFF;
    /** Code points a JSON string holds unescaped, as llama.cpp can match them: no surrogates, nothing past U+10FFFF. */
    static final CharSet RAW_JSON_CHARS = CharSet.range(0x20, MAX_CODE_POINT).minus(CharSet.of('"', '\\', 0x7F))
            .minus(CharSet.range(0xD800, 0xDFFF));

    private final GbnfBuilder builder;
    private final String name;
    private final int[] pattern;
    private int pos;

    private RegexGrammar(GbnfBuilder builder, String pattern, String name) {
        this.builder = builder;
        this.name = name;
        this.pattern = pattern.codePoints().toArray();
    }

    static String translate(GbnfBuilder builder, String pattern, String name) {
        return new RegexGrammar(builder, pattern, name).translate();
    }

    private String translate() {
        int end = pattern.length;
        int start = 0;
        if (end > 0 && pattern[0] == '^') {
            start = 1;
        }
        if (end > start && pattern[end - 1] == '$' && !escaped(end - 1)) {
            end--;
        }
        int[] body = java.util.Arrays.copyOfRange(pattern, start, end);
        RegexGrammar inner = new RegexGrammar(builder, new String(body, 0, body.length), name);
        String expression = inner.alternation();
        if (inner.pos < inner.pattern.length) {
            throw new IllegalArgumentException("unbalanced ')' at offset " + (inner.pos + start));
        }
        return expression.isEmpty() ? "\"\"" : expression;
    }

    private boolean escaped(int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= 0 && pattern[i] == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private boolean more() {
        return pos < pattern.length;
    }

    private int peek() {
        return pattern[pos];
    }

    private String alternation() {
        List<String> alternatives = new ArrayList<>();
        alternatives.add(sequence());
        while (more() && peek() == '|') {
            pos++;
            alternatives.add(sequence());
        }
        if (alternatives.size() == 1) {
            return alternatives.get(0);
        }
        List<String> wrapped = new ArrayList<>();
        for (String alternative : alternatives) {
            wrapped.add(alternative.isEmpty() ? "\"\"" : alternative);
        }
        return "(" + String.join(" | ", wrapped) + ")";
    }

    private String sequence() {
        List<String> items = new ArrayList<>();
        while (more() && peek() != '|' && peek() != ')') {
            Atom atom = atom();
            items.add(quantified(atom));
        }
        return String.join(" ", items);
    }

    private record Atom(String expression, boolean simple) {}

    private Atom atom() {
        int c = peek();
        switch (c) {
            case '(' -> {
                pos++;
                if (more() && peek() == '?') {
                    if (pos + 1 < pattern.length && pattern[pos + 1] == ':') {
                        pos += 2;
                    } else if (pos + 1 < pattern.length && pattern[pos + 1] == '<' && pos + 2 < pattern.length
                            && pattern[pos + 2] != '=' && pattern[pos + 2] != '!') {
                        while (more() && peek() != '>') {
                            pos++;
                        }
                        pos++;
                    } else {
                        throw new IllegalArgumentException("lookarounds and inline flags (?...) are not supported");
                    }
                }
                String inner = alternation();
                if (!more() || peek() != ')') {
                    throw new IllegalArgumentException("missing ')'");
                }
                pos++;
                return new Atom(inner.isEmpty() ? "\"\"" : "(" + inner + ")", false);
            }
            case '[' -> {
                return atomOf(jsonContent(charClass()));
            }
            case '.' -> {
                pos++;
                return atomOf(jsonContent(CharSet.of('\n', '\r', 0x85, 0x2028, 0x2029).negate()));
            }
            case '\\' -> {
                pos++;
                return atomOf(jsonContent(escape(false, false)));
            }
            case '^', '$' -> throw new IllegalArgumentException("anchors are only supported at the ends of the pattern");
            case '*', '+', '?' -> throw new IllegalArgumentException("nothing to repeat at offset " + pos);
            case '{' -> {
                if (quantifierAhead()) {
                    throw new IllegalArgumentException("nothing to repeat at offset " + pos);
                }
                pos++;
                return new Atom(jsonContent(CharSet.of(c)), true);
            }
            default -> {
                pos++;
                return new Atom(jsonContent(CharSet.of(c)), true);
            }
        }
    }

    /** A single character class repeats inline; alternatives of escapes need a rule of their own. */
    private static Atom atomOf(String expression) {
        return new Atom(expression, !expression.startsWith("("));
    }

    private boolean quantifierAhead() {
        int i = pos + 1;
        int digits = 0;
        while (i < pattern.length && Character.isDigit(pattern[i])) {
            i++;
            digits++;
        }
        if (digits == 0) {
            return false;
        }
        if (i < pattern.length && pattern[i] == '}') {
            return true;
        }
        if (i >= pattern.length || pattern[i] != ',') {
            return false;
        }
        i++;
        while (i < pattern.length && Character.isDigit(pattern[i])) {
            i++;
        }
        return i < pattern.length && pattern[i] == '}';
    }

    private String quantified(Atom atom) {
        if (!more()) {
            return atom.expression();
        }
        long min;
        long max;
        int c = peek();
        if (c == '*') {
            min = 0;
            max = -1;
            pos++;
        } else if (c == '+') {
            min = 1;
            max = -1;
            pos++;
        } else if (c == '?') {
            min = 0;
            max = 1;
            pos++;
        } else if (c == '{' && quantifierAhead()) {
            pos++;
            int start = pos;
            while (Character.isDigit(peek())) {
                pos++;
            }
            min = Long.parseLong(new String(pattern, start, pos - start));
            max = min;
            if (peek() == ',') {
                pos++;
                start = pos;
                while (Character.isDigit(peek())) {
                    pos++;
                }
                max = pos == start ? -1 : Long.parseLong(new String(pattern, start, pos - start));
            }
            pos++;
            if (max >= 0 && max < min) {
                throw new IllegalArgumentException("quantifier {" + min + "," + max + "} is out of order");
            }
        } else {
            return atom.expression();
        }
        if (more() && peek() == '?') {
            pos++;
        }
        if (more() && (peek() == '*' || peek() == '+' || peek() == '?' || (peek() == '{' && quantifierAhead()))) {
            throw new IllegalArgumentException("nothing to repeat at offset " + pos);
        }
        String item = atom.simple() ? atom.expression() : builder.addUnique(name, atom.expression());
        return builder.repeat(name, item, min, max);
    }

    private CharSet charClass() {
        pos++;
        boolean negated = more() && peek() == '^';
        if (negated) {
            pos++;
        }
        CharSet set = CharSet.empty();
        boolean first = true;
        while (true) {
            if (!more()) {
                throw new IllegalArgumentException("missing ']'");
            }
            if (peek() == ']' && !first) {
                pos++;
                break;
            }
            if (peek() == ']') {
                pos++;
                break;
            }
            first = false;
            CharSet low = classAtom(negated);
            if (more() && peek() == '-' && pos + 1 < pattern.length && pattern[pos + 1] != ']') {
                pos++;
                CharSet high = classAtom(negated);
                if (low.single() < 0 || high.single() < 0) {
                    throw new IllegalArgumentException("a range in a character class needs single characters at both ends");
                }
                if (high.single() < low.single()) {
                    throw new IllegalArgumentException("character class range out of order");
                }
                set = set.union(CharSet.range(low.single(), high.single()));
            } else {
                set = set.union(low);
            }
        }
        return negated ? set.negate() : set;
    }

    private CharSet classAtom(boolean negatedClass) {
        int c = peek();
        pos++;
        if (c == '\\') {
            return escape(true, negatedClass);
        }
        return CharSet.of(c);
    }

    /**
     * The set an escape stands for; {@code pos} is just past the backslash. ECMAScript's {@code \\s} includes Unicode
     * spaces and Java's (which validators often use) does not, so {@code \\s} and {@code \\S} take whichever reading
     * yields the smaller set once a negated class is applied, which satisfies both.
     */
    private CharSet escape(boolean inClass, boolean negatedClass) {
        if (!more()) {
            throw new IllegalArgumentException("pattern ends with a lone backslash");
        }
        int c = peek();
        pos++;
        return switch (c) {
            case 'd' -> CharSet.range('0', '9');
            case 'D' -> CharSet.range('0', '9').negate();
            case 'w' -> word();
            case 'W' -> word().negate();
            case 's' -> negatedClass ? unicodeWhitespace() : asciiWhitespace();
            case 'S' -> negatedClass ? asciiWhitespace().negate() : unicodeWhitespace().negate();
            case 'n' -> CharSet.of('\n');
            case 'r' -> CharSet.of('\r');
            case 't' -> CharSet.of('\t');
            case 'f' -> CharSet.of('\f');
            case 'v' -> CharSet.of(0x0B);
            case '0' -> CharSet.of(0);
            case 'b' -> {
                if (inClass) {
                    yield CharSet.of('\b');
                }
                throw new IllegalArgumentException("word boundaries (\\b) are not supported");
            }
            case 'B' -> throw new IllegalArgumentException("word boundaries (\\B) are not supported");
            case 'x' -> CharSet.of(hex(2));
            case 'u' -> {
                if (more() && peek() == '{') {
                    pos++;
                    int start = pos;
                    while (more() && peek() != '}') {
                        pos++;
                    }
                    int value = Integer.parseInt(new String(pattern, start, pos - start), 16);
                    pos++;
                    yield CharSet.of(value);
                }
                yield CharSet.of(hex(4));
            }
            case 'k' -> throw new IllegalArgumentException("backreferences are not supported");
            case 'p', 'P' -> throw new IllegalArgumentException("Unicode property escapes are not supported");
            case 'c' -> throw new IllegalArgumentException("control escapes (\\c) are not supported");
            default -> {
                if (c >= '1' && c <= '9') {
                    throw new IllegalArgumentException("backreferences are not supported");
                }
                if (Character.isLetterOrDigit(c)) {
                    throw new IllegalArgumentException("unknown escape \\" + Character.toString(c));
                }
                yield CharSet.of(c);
            }
        };
    }

    private int hex(int digits) {
        if (pos + digits > pattern.length) {
            throw new IllegalArgumentException("incomplete hex escape");
        }
        int value = Integer.parseInt(new String(pattern, pos, digits), 16);
        pos += digits;
        return value;
    }

    private static CharSet word() {
        return CharSet.range('a', 'z').union(CharSet.range('A', 'Z')).union(CharSet.range('0', '9')).union(CharSet.of('_'));
    }

    private static CharSet asciiWhitespace() {
        return CharSet.of('\t', '\n', 0x0B, '\f', '\r', ' ');
    }

    private static CharSet unicodeWhitespace() {
        return CharSet.of('\t', '\n', 0x0B, '\f', '\r', ' ', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF)
                .union(CharSet.range(0x2000, 0x200A));
    }

    /** GBNF for one character of {@code set} as it is written inside a JSON string. */
    static String jsonContent(CharSet set) {
        List<String> alternatives = new ArrayList<>();
        CharSet raw = set.intersect(RAW_JSON_CHARS.union(CharSet.of(0x7F)));
        if (!raw.isEmpty()) {
            alternatives.add(raw.gbnfClass());
        }
        if (set.contains('"')) {
            alternatives.add(GbnfBuilder.literal("\\\""));
        }
        if (set.contains('\\')) {
            alternatives.add(GbnfBuilder.literal("\\\\"));
        }
        CharSet controls = set.intersect(CharSet.range(0, 0x1F));
        if (controls.equals(CharSet.range(0, 0x1F))) {
            alternatives.add("[\\\\] ([bfnrt] | \"u00\" [01] [0-9a-fA-F])");
        } else {
            for (int c : controls.members()) {
                String escape = switch (c) {
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> String.format("\\u%04x", c);
                };
                alternatives.add(GbnfBuilder.literal(escape));
            }
        }
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("a character class matches no character that a JSON string can hold");
        }
        return alternatives.size() == 1 ? alternatives.get(0) : "(" + String.join(" | ", alternatives) + ")";
    }

    /** A code point written so that llama.cpp's char-class parser reads it literally. */
    static String classChar(int c) {
        if (c < 0x20 || c == 0x7F || c == '\\' || c == ']' || c == '[' || c == '-' || c == '^' || c == '"') {
            return String.format("\\x%02X", c);
        }
        if (c < 0x7F) {
            return Character.toString(c);
        }
        return c <= 0xFF ? String.format("\\x%02X", c) : c <= 0xFFFF ? String.format("\\u%04X", c) : String.format("\\U%08X", c);
    }

    /** A set of code points as sorted, disjoint, inclusive ranges. */
    record CharSet(List<int[]> ranges) {
        static CharSet empty() {
            return new CharSet(List.of());
        }

        static CharSet range(int from, int to) {
            return new CharSet(List.<int[]>of(new int[] {from, to}));
        }

        static CharSet of(int... codePoints) {
            CharSet set = empty();
            for (int c : codePoints) {
                set = set.union(range(c, c));
            }
            return set;
        }

        boolean isEmpty() {
            return ranges.isEmpty();
        }

        boolean contains(int c) {
            for (int[] r : ranges) {
                if (r[0] <= c && c <= r[1]) {
                    return true;
                }
            }
            return false;
        }

        /** The only member, or -1. */
        int single() {
            return ranges.size() == 1 && ranges.get(0)[0] == ranges.get(0)[1] ? ranges.get(0)[0] : -1;
        }

        List<Integer> members() {
            List<Integer> members = new ArrayList<>();
            for (int[] r : ranges) {
                for (int c = r[0]; c <= r[1]; c++) {
                    members.add(c);
                }
            }
            return members;
        }

        CharSet union(CharSet other) {
            List<int[]> all = new ArrayList<>(ranges);
            all.addAll(other.ranges);
            all.sort((a, b) -> Integer.compare(a[0], b[0]));
            List<int[]> merged = new ArrayList<>();
            for (int[] r : all) {
                int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (last != null && r[0] <= last[1] + 1) {
                    merged.set(merged.size() - 1, new int[] {last[0], Math.max(last[1], r[1])});
                } else {
                    merged.add(r.clone());
                }
            }
            return new CharSet(List.copyOf(merged));
        }

        CharSet negate() {
            List<int[]> result = new ArrayList<>();
            int next = 0;
            for (int[] r : ranges) {
                if (r[0] > next) {
                    result.add(new int[] {next, r[0] - 1});
                }
                next = r[1] + 1;
            }
            if (next <= MAX_CODE_POINT) {
                result.add(new int[] {next, MAX_CODE_POINT});
            }
            return new CharSet(List.copyOf(result));
        }

        CharSet intersect(CharSet other) {
            return negate().union(other.negate()).negate();
        }

        CharSet minus(CharSet other) {
            return intersect(other.negate());
        }

        String gbnfClass() {
            StringBuilder out = new StringBuilder("[");
            for (int[] r : ranges) {
                out.append(classChar(r[0]));
                if (r[1] > r[0]) {
                    out.append('-').append(classChar(r[1]));
                }
            }
            return out.append(']').toString();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof CharSet other) || other.ranges.size() != ranges.size()) {
                return false;
            }
            for (int i = 0; i < ranges.size(); i++) {
                if (ranges.get(i)[0] != other.ranges.get(i)[0] || ranges.get(i)[1] != other.ranges.get(i)[1]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int hash = 1;
            for (int[] r : ranges) {
                hash = 31 * hash + r[0] * 7 + r[1];
            }
            return hash;
        }
    }
}
