package dev.hearth.engine.grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checker for llama.cpp GBNF that follows llama.cpp's grammar parser (src/llama-grammar.cpp) step by step, including
 * how it rewrites repetitions into rules, so that it accepts and rejects the same grammars: syntax, undefined rules,
 * a missing {@code root}, repetition limits and left recursion. Its errors carry a line and column, which llama.cpp's don't.
 */
public final class GbnfSyntax {
    private static final long MAX_REPETITION_THRESHOLD = 2000;
    private static final long UNBOUNDED = -1;

    private enum Type { END, ALT, RULE_REF, CHAR, CHAR_NOT, CHAR_RNG_UPPER, CHAR_ALT, CHAR_ANY, TOKEN, TOKEN_NOT }

    private record Element(Type type, int value) {}

    private final int[] src;
    private final Map<String, Integer> symbolIds = new LinkedHashMap<>();
    private final Map<Integer, List<Element>> rules = new HashMap<>();
    private final Map<Integer, Integer> firstReference = new HashMap<>();
    private final Map<Integer, Integer> definedAt = new HashMap<>();
    private int leftRecursiveRule;

    private GbnfSyntax(String grammar) {
        int[] codePoints = grammar.codePoints().toArray();
        src = java.util.Arrays.copyOf(codePoints, codePoints.length + 1);
    }

    /** Throws {@link GrammarSyntaxException} where llama.cpp would reject {@code grammar} (with root rule {@code root}). */
    public static void check(String grammar) {
        new GbnfSyntax(grammar).parse();
    }

    private void parse() {
        int pos = parseSpace(0, true);
        while (at(pos) != 0) {
            pos = parseRule(pos);
        }
        for (Map.Entry<String, Integer> symbol : symbolIds.entrySet()) {
            if (!rules.containsKey(symbol.getValue())) {
                throw error("undefined rule '" + symbol.getKey() + "'", firstReference.getOrDefault(symbol.getValue(), 0));
            }
        }
        Integer root = symbolIds.get("root");
        if (root == null) {
            throw error("the grammar has no 'root' rule", 0);
        }
        checkLeftRecursion();
    }

    private int at(int pos) {
        return pos < src.length ? src[pos] : 0;
    }

    private GrammarSyntaxException error(String problem, int pos) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < pos && i < src.length - 1; i++) {
            if (src[i] == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new GrammarSyntaxException(problem, line, column);
    }

    private static boolean isDigit(int c) {
        return '0' <= c && c <= '9';
    }

    private static boolean isWordChar(int c) {
        return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || c == '-' || isDigit(c);
    }

    private int parseSpace(int pos, boolean newlineOk) {
        while (at(pos) == ' ' || at(pos) == '\t' || at(pos) == '#' || (newlineOk && (at(pos) == '\r' || at(pos) == '\n'))) {
            if (at(pos) == '#') {
                while (at(pos) != 0 && at(pos) != '\r' && at(pos) != '\n') {
                    pos++;
                }
            } else {
                pos++;
            }
        }
        return pos;
    }

    private int parseName(int pos) {
        int end = pos;
        while (isWordChar(at(end))) {
            end++;
        }
        if (end == pos) {
            throw error("expecting name", pos);
        }
        return end;
    }

    private int parseInt(int pos) {
        int end = pos;
        while (isDigit(at(end))) {
            end++;
        }
        if (end == pos) {
            throw error("expecting integer", pos);
        }
        return end;
    }

    private String text(int from, int to) {
        return new String(src, from, to - from);
    }

    private int symbol(String name) {
        return symbolIds.computeIfAbsent(name, n -> symbolIds.size());
    }

    private int generateSymbol(String base) {
        int id = symbolIds.size();
        symbolIds.put(base + "_" + id, id);
        return id;
    }

    /** [code point, next position]. */
    private int[] parseChar(int pos) {
        if (at(pos) == '\\') {
            return switch (at(pos + 1)) {
                case 'x' -> parseHex(pos + 2, 2);
                case 'u' -> parseHex(pos + 2, 4);
                case 'U' -> parseHex(pos + 2, 8);
                case 't' -> new int[] {'\t', pos + 2};
                case 'r' -> new int[] {'\r', pos + 2};
                case 'n' -> new int[] {'\n', pos + 2};
                case '\\', '"', '[', ']', '-' -> new int[] {at(pos + 1), pos + 2};
                default -> throw error("unknown escape", pos);
            };
        }
        if (at(pos) != 0) {
            return new int[] {at(pos), pos + 1};
        }
        throw error("unexpected end of input", pos);
    }

    private int[] parseHex(int pos, int size) {
        long value = 0;
        int end = pos;
        for (; end < pos + size && at(end) != 0; end++) {
            int c = at(end);
            int digit = Character.digit(c, 16);
            if (digit < 0 || c > 'f') {
                break;
            }
            value = (value << 4) + digit;
        }
        if (end != pos + size) {
            throw error("expecting " + size + " hex chars", pos);
        }
        return new int[] {(int) value, end};
    }

    private int parseToken(int pos) {
        if (at(pos) != '<') {
            throw error("expecting '<'", pos);
        }
        pos++;
        if (at(pos) == '[') {
            pos++;
            int end = parseInt(pos);
            pos = end;
            if (at(pos) != ']') {
                throw error("expecting ']'", pos);
            }
            pos++;
            if (at(pos) != '>') {
                throw error("expecting '>'", pos);
            }
            return pos + 1;
        }
        while (at(pos) != 0 && at(pos) != '>') {
            pos++;
        }
        if (at(pos) != '>') {
            throw error("expecting '>'", pos);
        }
        return pos + 1;
    }

    private int parseRule(int pos) {
        int nameEnd = parseName(pos);
        String name = text(pos, nameEnd);
        int afterName = parseSpace(nameEnd, false);
        int ruleId = symbol(name);
        definedAt.putIfAbsent(ruleId, pos);
        if (!(at(afterName) == ':' && at(afterName + 1) == ':' && at(afterName + 2) == '=')) {
            throw error("expecting '::='", afterName);
        }
        pos = parseSpace(afterName + 3, true);
        pos = parseAlternates(pos, name, ruleId, false);
        if (at(pos) == '\r') {
            pos += at(pos + 1) == '\n' ? 2 : 1;
        } else if (at(pos) == '\n') {
            pos++;
        } else if (at(pos) != 0) {
            throw error("expecting newline or end", pos);
        }
        return parseSpace(pos, true);
    }

    private int parseAlternates(int pos, String ruleName, int ruleId, boolean nested) {
        List<Element> rule = new ArrayList<>();
        pos = parseSequence(pos, ruleName, rule, nested);
        while (at(pos) == '|') {
            rule.add(new Element(Type.ALT, 0));
            pos = parseSpace(pos + 1, true);
            pos = parseSequence(pos, ruleName, rule, nested);
        }
        rule.add(new Element(Type.END, 0));
        rules.put(ruleId, rule);
        return pos;
    }

    private int parseSequence(int start, String ruleName, List<Element> rule, boolean nested) {
        int[] lastSymStart = {rule.size()};
        long[] prevRules = {1};
        int pos = start;
        while (at(pos) != 0) {
            int c = at(pos);
            if (c == '"') {
                pos++;
                lastSymStart[0] = rule.size();
                prevRules[0] = 1;
                while (at(pos) != '"') {
                    if (at(pos) == 0) {
                        throw error("unexpected end of input", pos);
                    }
                    int[] ch = parseChar(pos);
                    pos = ch[1];
                    rule.add(new Element(Type.CHAR, ch[0]));
                }
                pos = parseSpace(pos + 1, nested);
            } else if (c == '[') {
                pos++;
                Type startType = Type.CHAR;
                if (at(pos) == '^') {
                    pos++;
                    startType = Type.CHAR_NOT;
                }
                lastSymStart[0] = rule.size();
                prevRules[0] = 1;
                while (at(pos) != ']') {
                    if (at(pos) == 0) {
                        throw error("unexpected end of input", pos);
                    }
                    int[] ch = parseChar(pos);
                    pos = ch[1];
                    Type type = lastSymStart[0] < rule.size() ? Type.CHAR_ALT : startType;
                    rule.add(new Element(type, ch[0]));
                    if (at(pos) == '-' && at(pos + 1) != ']') {
                        if (at(pos + 1) == 0) {
                            throw error("unexpected end of input", pos + 1);
                        }
                        int[] end = parseChar(pos + 1);
                        pos = end[1];
                        rule.add(new Element(Type.CHAR_RNG_UPPER, end[0]));
                    }
                }
                pos = parseSpace(pos + 1, nested);
            } else if (c == '<' || c == '!') {
                Type type = Type.TOKEN;
                if (c == '!') {
                    type = Type.TOKEN_NOT;
                    pos++;
                }
                int end = parseToken(pos);
                lastSymStart[0] = rule.size();
                prevRules[0] = 1;
                rule.add(new Element(type, 0));
                pos = parseSpace(end, nested);
            } else if (isWordChar(c)) {
                int nameEnd = parseName(pos);
                int refId = symbol(text(pos, nameEnd));
                firstReference.putIfAbsent(refId, pos);
                pos = parseSpace(nameEnd, nested);
                lastSymStart[0] = rule.size();
                prevRules[0] = 1;
                rule.add(new Element(Type.RULE_REF, refId));
            } else if (c == '(') {
                pos = parseSpace(pos + 1, true);
                int rulesBefore = symbolIds.size();
                int subRuleId = generateSymbol(ruleName);
                pos = parseAlternates(pos, ruleName, subRuleId, true);
                prevRules[0] = Math.max(1, symbolIds.size() - rulesBefore);
                lastSymStart[0] = rule.size();
                rule.add(new Element(Type.RULE_REF, subRuleId));
                if (at(pos) != ')') {
                    throw error("expecting ')'", pos);
                }
                pos = parseSpace(pos + 1, nested);
            } else if (c == '.') {
                lastSymStart[0] = rule.size();
                prevRules[0] = 1;
                rule.add(new Element(Type.CHAR_ANY, 0));
                pos = parseSpace(pos + 1, nested);
            } else if (c == '*' || c == '+' || c == '?') {
                int operator = pos;
                pos = parseSpace(pos + 1, nested);
                repeat(rule, ruleName, lastSymStart, prevRules, c == '+' ? 1 : 0, c == '?' ? 1 : UNBOUNDED, operator);
            } else if (c == '{') {
                int operator = pos;
                pos = parseSpace(pos + 1, nested);
                if (!isDigit(at(pos))) {
                    throw error("expecting an int", pos);
                }
                int intEnd = parseInt(pos);
                long minTimes = parseCount(pos, intEnd);
                pos = parseSpace(intEnd, nested);
                long maxTimes = UNBOUNDED;
                if (at(pos) == '}') {
                    maxTimes = minTimes;
                    pos = parseSpace(pos + 1, nested);
                } else if (at(pos) == ',') {
                    pos = parseSpace(pos + 1, nested);
                    if (isDigit(at(pos))) {
                        int maxEnd = parseInt(pos);
                        maxTimes = parseCount(pos, maxEnd);
                        pos = parseSpace(maxEnd, nested);
                    }
                    if (at(pos) != '}') {
                        throw error("expecting '}'", pos);
                    }
                    pos = parseSpace(pos + 1, nested);
                } else {
                    throw error("expecting ','", pos);
                }
                if (minTimes > MAX_REPETITION_THRESHOLD) {
                    throw error("number of repetitions exceeds " + MAX_REPETITION_THRESHOLD, operator);
                }
                if (maxTimes != UNBOUNDED && maxTimes > MAX_REPETITION_THRESHOLD) {
                    maxTimes = UNBOUNDED;
                }
                repeat(rule, ruleName, lastSymStart, prevRules, minTimes, maxTimes, operator);
            } else {
                break;
            }
        }
        return pos;
    }

    private long parseCount(int from, int to) {
        String digits = text(from, to);
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    /** llama.cpp's rewrite of S{m,n} into m copies of S and a chain of optional rules. */
    private void repeat(List<Element> rule, String ruleName, int[] lastSymStart, long[] prevRules, long minTimes, long maxTimes,
                        int operator) {
        boolean noMax = maxTimes == UNBOUNDED;
        if (lastSymStart[0] == rule.size()) {
            throw error("expecting preceding item to */+/?/{", operator);
        }
        List<Element> previous = new ArrayList<>(rule.subList(lastSymStart[0], rule.size()));
        long totalRules = 1;
        if (!noMax && maxTimes > 0) {
            totalRules = maxTimes;
        } else if (minTimes > 0) {
            totalRules = minTimes;
        }
        if (prevRules[0] * totalRules >= MAX_REPETITION_THRESHOLD) {
            throw error("repetitions of nested repetitions exceed " + MAX_REPETITION_THRESHOLD + " rules", operator);
        }
        if (minTimes == 0) {
            rule.subList(lastSymStart[0], rule.size()).clear();
        } else {
            for (long i = 1; i < minTimes; i++) {
                rule.addAll(previous);
            }
        }
        int lastRecRuleId = 0;
        long optional = noMax ? 1 : maxTimes - minTimes;
        for (long i = 0; i < optional; i++) {
            List<Element> recRule = new ArrayList<>(previous);
            int recRuleId = generateSymbol(ruleName);
            if (i > 0 || noMax) {
                recRule.add(new Element(Type.RULE_REF, noMax ? recRuleId : lastRecRuleId));
            }
            recRule.add(new Element(Type.ALT, 0));
            recRule.add(new Element(Type.END, 0));
            rules.put(recRuleId, recRule);
            lastRecRuleId = recRuleId;
        }
        if (optional > 0) {
            rule.add(new Element(Type.RULE_REF, lastRecRuleId));
        }
        prevRules[0] *= totalRules;
    }

    private void checkLeftRecursion() {
        int n = symbolIds.size();
        boolean[] visited = new boolean[n];
        boolean[] inProgress = new boolean[n];
        boolean[] mayBeEmpty = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (!visited[i] && leftRecursive(i, visited, inProgress, mayBeEmpty)) {
                String name = nameOf(leftRecursiveRule);
                String base = name.replaceAll("_[0-9]+$", "");
                Integer id = symbolIds.get(base);
                throw error("left recursion in rule '" + base + "'", id == null ? 0 : definedAt.getOrDefault(id, 0));
            }
        }
    }

    private String nameOf(int id) {
        for (Map.Entry<String, Integer> symbol : symbolIds.entrySet()) {
            if (symbol.getValue() == id) {
                return symbol.getKey();
            }
        }
        return "?";
    }

    private boolean leftRecursive(int index, boolean[] visited, boolean[] inProgress, boolean[] mayBeEmpty) {
        if (inProgress[index]) {
            leftRecursiveRule = index;
            return true;
        }
        inProgress[index] = true;
        List<Element> rule = rules.get(index);
        boolean atRuleStart = true;
        for (Element element : rule) {
            if (element.type() == Type.END || element.type() == Type.ALT) {
                if (atRuleStart) {
                    mayBeEmpty[index] = true;
                    break;
                }
                atRuleStart = true;
            } else {
                atRuleStart = false;
            }
        }
        boolean recurse = true;
        for (Element element : rule) {
            if (element.type() == Type.RULE_REF && recurse) {
                if (leftRecursive(element.value(), visited, inProgress, mayBeEmpty)) {
                    return true;
                }
                if (!mayBeEmpty[element.value()]) {
                    recurse = false;
                }
            } else if (element.type() == Type.END || element.type() == Type.ALT) {
                recurse = true;
            } else {
                recurse = false;
            }
        }
        inProgress[index] = false;
        visited[index] = true;
        return false;
    }
}
