package dev.hearth.engine.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Accumulates the rules of one llama.cpp GBNF grammar; every rule is written on one line. */
public final class GbnfBuilder {
    private static final Pattern RULE_NAME = Pattern.compile("[a-zA-Z0-9-]+");
    private static final int MAX_REPEAT = 1000;

    /** Shared rules, added on first use; whitespace is bounded so that no model can emit it forever. */
    private static final Map<String, String> PRIMITIVES = Map.ofEntries(
            Map.entry("space", "| \" \" | \"\\n\" [ \\t]{0,20}"),
            Map.entry("boolean", "(\"true\" | \"false\") space"),
            Map.entry("null", "\"null\" space"),
            Map.entry("char", "[ !#-\\[\\]-~\\x80-\\uD7FF\\uE000-\\U0010FFFF] | [\\\\] ([\"\\\\/bfnrt] | \"u\" ([0-9a-cA-Ce-fE-F] [0-9a-fA-F]{3} | [dD] [0-7] [0-9a-fA-F]{2}))"),
            Map.entry("string", "\"\\\"\" char* \"\\\"\" space"),
            Map.entry("integral-part", "[0] | [1-9] [0-9]{0,15}"),
            Map.entry("decimal-part", "[0-9]{1,16}"),
            Map.entry("number", "\"-\"? integral-part (\".\" decimal-part)? ([eE] [-+]? [0-9]{1,2})? space"),
            Map.entry("integer", "\"-\"? integral-part space"),
            Map.entry("value", "object | array | string | number | boolean | null"),
            Map.entry("object", "\"{\" space (string \":\" space value (\",\" space string \":\" space value)*)? \"}\" space"),
            Map.entry("array", "\"[\" space (value (\",\" space value)*)? \"]\" space"));

    private final Map<String, String> rules = new LinkedHashMap<>();

    public GbnfBuilder() {
    }

    /** Compiles {@code schema}, adds its rules and returns the name of the rule that matches it. */
    public String addSchema(String namePrefix, JsonNode schema) {
        return new SchemaCompiler(this, schema).compile(sanitize(namePrefix));
    }

    /** The rule for any JSON value. */
    public String addAnyJson() {
        return primitive("value");
    }

    /** Adds a raw rule; a name may be defined once (the same body again is a no-op). */
    public void addRule(String name, String body) {
        if (!RULE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("GBNF rule names are [a-zA-Z0-9-]+, not '" + name + "'");
        }
        String existing = rules.putIfAbsent(name, body);
        if (existing != null && !existing.equals(body)) {
            throw new IllegalArgumentException("rule '" + name + "' is already defined differently");
        }
    }

    /** A GBNF string literal that matches exactly {@code text}. */
    public static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\x%02X", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /** The grammar text: {@code root ::= rootBody} followed by every rule added. */
    public String build(String rootBody) {
        StringBuilder out = new StringBuilder("root ::= ").append(rootBody).append('\n');
        rules.forEach((name, body) -> out.append(name).append(" ::= ").append(body).append('\n'));
        return out.toString();
    }

    /** Adds a shared rule (and the shared rules it uses) under its fixed name and returns the name. */
    String primitive(String name) {
        String body = PRIMITIVES.get(name);
        if (body == null) {
            throw new IllegalArgumentException("no primitive rule " + name);
        }
        if (!rules.containsKey(name)) {
            rules.put(name, body);
            for (String used : PRIMITIVES.keySet()) {
                if (Pattern.compile("(^|[^a-zA-Z0-9-])" + used + "([^a-zA-Z0-9-]|$)").matcher(body).find()) {
                    primitive(used);
                }
            }
        }
        return name;
    }

    /** Adds {@code body} under {@code name} or, when that name holds another body, a numbered variant; returns the name used. */
    String addUnique(String name, String body) {
        String candidate = name;
        for (int i = 1; ; i++) {
            if (!PRIMITIVES.containsKey(candidate) && !candidate.equals("root")) {
                String existing = rules.get(candidate);
                if (existing == null) {
                    rules.put(candidate, body);
                    return candidate;
                }
                if (existing.equals(body)) {
                    return candidate;
                }
            }
            candidate = name + "-" + i;
        }
    }

    /** Reserves a fresh rule name whose body is set later with {@link #define}; lets recursive definitions refer to themselves. */
    String reserve(String name) {
        String candidate = name;
        for (int i = 1; PRIMITIVES.containsKey(candidate) || candidate.equals("root") || rules.containsKey(candidate); i++) {
            candidate = name + "-" + i;
        }
        rules.put(candidate, "");
        return candidate;
    }

    void define(String reservedName, String body) {
        rules.put(reservedName, body);
    }

    /**
     * {@code item} repeated min..max times (max -1: unbounded), within llama.cpp's limits: counts over 2000 are
     * silently unbounded there, so large counts repeat a rule of {@value #MAX_REPEAT} items instead.
     */
    String repeat(String namePrefix, String item, long min, long max) {
        if (max >= 0 && max < min) {
            throw new IllegalArgumentException("max < min");
        }
        if (min <= MAX_REPEAT && (max < 0 || max <= MAX_REPEAT)) {
            return simpleRepeat(item, min, max);
        }
        String chunk = addUnique(namePrefix + "-x" + MAX_REPEAT, "(" + item + "){" + MAX_REPEAT + "}");
        StringBuilder out = new StringBuilder();
        long fullChunks = min / MAX_REPEAT;
        if (fullChunks > MAX_REPEAT) {
            throw new IllegalArgumentException("repetition count " + min + " is too large for a grammar");
        }
        if (fullChunks > 0) {
            out.append(simpleRepeat(chunk, fullChunks, fullChunks)).append(' ');
        }
        if (min % MAX_REPEAT > 0) {
            out.append(simpleRepeat(item, min % MAX_REPEAT, min % MAX_REPEAT)).append(' ');
        }
        if (max < 0) {
            return out.append("(").append(item).append(")*").toString();
        }
        long optional = max - min;
        if (optional <= MAX_REPEAT) {
            return out.append(simpleRepeat(item, 0, optional)).toString();
        }
        long chunks = optional / MAX_REPEAT;
        if (chunks > MAX_REPEAT) {
            throw new IllegalArgumentException("repetition count " + max + " is too large for a grammar");
        }
        // 0..optional = (fewer than `chunks` full chunks, then 0..999) | (exactly `chunks` chunks, then 0..remainder)
        return out.append("(").append(simpleRepeat(chunk, 0, chunks - 1)).append(' ').append(simpleRepeat(item, 0, MAX_REPEAT - 1))
                .append(" | ").append(simpleRepeat(chunk, chunks, chunks)).append(' ')
                .append(simpleRepeat(item, 0, optional % MAX_REPEAT)).append(')').toString();
    }

    private static String simpleRepeat(String item, long min, long max) {
        String atom = "(" + item + ")";
        if (max == 0) {
            return "\"\"";
        }
        if (min == 1 && max == 1) {
            return atom;
        }
        if (max < 0) {
            return min == 0 ? atom + "*" : min == 1 ? atom + "+" : atom + "{" + min + ",}";
        }
        if (min == 0 && max == 1) {
            return atom + "?";
        }
        return min == max ? atom + "{" + min + "}" : atom + "{" + min + "," + max + "}";
    }

    static String sanitize(String name) {
        String cleaned = name.replaceAll("[^a-zA-Z0-9-]+", "-").replaceAll("-+", "-").replaceAll("^-|-$", "");
        return cleaned.isEmpty() ? "schema" : cleaned;
    }
}
