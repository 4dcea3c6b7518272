package dev.hearth.engine.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Regex → GBNF: what a random model generates under the translated pattern is a JSON string the regex matches whole. */
class RegexGrammarTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static GrammarGenerator llama;

    @BeforeAll
    static void load() {
        llama = new GrammarGenerator();
    }

    @AfterAll
    static void close() {
        llama.close();
    }

    private static String grammar(String pattern) {
        GbnfBuilder builder = new GbnfBuilder();
        String content = RegexGrammar.translate(builder, pattern, "p");
        String grammar = builder.build(GbnfBuilder.literal("\"") + " " + content + " " + GbnfBuilder.literal("\""));
        GbnfSyntax.check(grammar);
        return grammar;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "^abc$", "a|b|cd", "^[a-z]{2,4}$", "^[^a-z]{3}$", "^\\d+\\.\\d{1,2}$", "^\\w{1,5}\\s\\S{2}$", "^x?y*z+$",
        "^(ab|cd){2}$", "^(?:[0-9a-f]{2}:){2}[0-9a-f]{2}$", "^(?<year>\\d{4})-(?<month>\\d{2})$", "^.{3}$",
        "^[\\]\\[\\-\\\\^]{2}$", "^\"[^\"]{0,3}\"$", "^a\\tb\\nc$", "^\\x41\\u00e9\\u{1F600}$", "^[\\u0000-\\u001f]{2}$",
        "^\\D\\W$", "^a{2,}$", "^[.]\\.\\*\\+\\?\\(\\)\\{\\}\\|\\/$", "^(a|)b$", "^a{,3}$", "^[a-c-e]$", "^$", "^[^\\d\\s]+?$",
        "^[^]]$", "^[\\b]$", "^[^\\s]\\s[^\\S]$", "^(?:)x$"})
    void generatedStringsMatch(String pattern) throws Exception {
        String grammar = grammar(pattern);
        // the few places where Java's regex syntax differs from ECMAScript's
        String java = pattern.replace("\\u{1F600}", "\\x{1F600}").replace("a{,3}", "a\\{,3\\}").replace("[\\b]", "[\\x08]")
                .replace("[^]]", "[\\s\\S]\\]");
        Pattern regex = Pattern.compile(java);
        int finished = 0;
        for (long seed = 1; seed <= 5; seed++) {
            GrammarGenerator.Output output = llama.generate(grammar, seed, 400);
            if (!output.finished()) {
                continue;
            }
            finished++;
            String value = JSON.readTree(output.text()).textValue();
            assertTrue(regex.matcher(value).find(), pattern + " does not match " + output.text());
        }
        assertTrue(finished > 0, "no generation finished for " + pattern);
    }

    @Test
    void simplePatternsTranslateDirectly() {
        GbnfBuilder builder = new GbnfBuilder();
        assertEquals("[a] [b] [c]", RegexGrammar.translate(builder, "^abc$", "p"));
        assertEquals("([a-z]){2,4}", RegexGrammar.translate(builder, "[a-z]{2,4}", "p"));
        assertEquals("(\"\\\\\\\"\" | \"\\\\\\\\\")", RegexGrammar.translate(builder, "^[\"\\\\]$", "p"));
        assertEquals("\"\\\\n\"", RegexGrammar.translate(builder, "\\n", "p"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"(?i)abc", "(?<=a)b", "(?!a)b", "(a)\\k<a>", "a{3,1}", "*a", "a)", "(a", "[b-a]", "[a", "a**",
        "\\", "\\cA", "\\P{L}", "a$b", "\\B"})
    void rejectsWhatItCannotEnforce(String pattern) {
        assertThrows(IllegalArgumentException.class, () -> RegexGrammar.translate(new GbnfBuilder(), pattern, "p"));
    }
}
