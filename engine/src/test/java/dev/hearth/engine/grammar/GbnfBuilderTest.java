package dev.hearth.engine.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Repetition counts beyond llama.cpp's limit of 2000 are split into chunks that still count exactly. */
class GbnfBuilderTest {

    @Test
    void largeRepetitionsCountExactly() {
        long[][] cases = {{0, 2500}, {3, 5000}, {1500, 1500}, {1000, 3000}, {2500, 7000}, {0, 1000}, {1200, -1}, {7, 1999}};
        for (long[] c : cases) {
            GbnfBuilder builder = new GbnfBuilder();
            String expression = builder.repeat("r", "\"a\"", c[0], c[1]);
            String grammar = builder.build(expression);
            GbnfSyntax.check(grammar);
            // only two rule shapes appear: the item "a" and the chunk rule r-x1000 ::= ("a"){1000}
            Pattern regex = Pattern.compile(expression.replace("r-x1000", "(?:a{1000})").replace("\"a\"", "a")
                    .replace("\"\"", "").replace(" ", ""));
            for (int length = 0; length <= 7100; length += length < 50 ? 1 : 7) {
                checkLength(regex, c, length);
            }
            for (long edge : new long[] {c[0] - 1, c[0], c[0] + 1, c[1] - 1, c[1], c[1] + 1}) {
                if (edge >= 0) {
                    checkLength(regex, c, (int) edge);
                }
            }
        }
    }

    private static void checkLength(Pattern regex, long[] c, int length) {
        boolean inside = length >= c[0] && (c[1] < 0 || length <= c[1]);
        assertEquals(inside, regex.matcher("a".repeat(length)).matches(), "{" + c[0] + "," + c[1] + "} length " + length);
    }

    @Test
    void compiledLargeLengthLimitsParse() throws Exception {
        var schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"type\":\"string\",\"minLength\":2500,\"maxLength\":7000}");
        String grammar = JsonSchemaGrammar.compile(schema);
        GbnfSyntax.check(grammar);
        assertTrue(grammar.contains("{1000}"), grammar);
    }
}
