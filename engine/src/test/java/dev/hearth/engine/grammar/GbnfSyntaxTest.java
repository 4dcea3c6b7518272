package dev.hearth.engine.grammar;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GbnfSyntax reports llama.cpp's grammar errors with positions, and agrees with llama.cpp on what it accepts. */
class GbnfSyntaxTest {
    private static GrammarGenerator llama;

    @BeforeAll
    static void load() {
        llama = new GrammarGenerator();
    }

    @AfterAll
    static void close() {
        llama.close();
    }

    private static final List<String> VALID = List.of(
            "root ::= \"a\"",
            "root ::= \"a\"\n",
            "# a comment\nroot ::= item+ # trailing comment\n\nitem ::= [a-z0-9_] | \"\\\"\" | \"\\x41\\u00e9\\U0001F600\"\n",
            "root ::= (\n  \"a\" |\n  \"b\"\n)\n",
            "root ::= \"a\" |\n  \"b\"\n",
            "root ::= [^\\n\\]\\[\\\\-] . [-a] [a-]\n",
            "root ::= x{2} x{0,3} x{2,} x? x* \nx ::= \"x\"\n",
            "root ::= | \"a\"\n",
            "root ::= \"\"\n",
            "root ::= (\"a\" (\"b\" | \"c\")*)? \"d\"\r\nother-Rule-2 ::= root\r\n",
            "root ::= \"日本\" [α-ω]\n");

    @Test
    void acceptsWhatLlamaAccepts() {
        for (String grammar : VALID) {
            assertDoesNotThrow(() -> GbnfSyntax.check(grammar), grammar);
            assertTrue(llama.llamaAccepts(grammar), "llama.cpp rejects: " + grammar);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "'root ::= \"a\"\\nfoo \"b\"'                     | expecting '::='               | 2 | 5",
        "'root ::= (\"a\"'                                | expecting ')'                 | 1 | 14",
        "'root ::= foo\\n'                                | undefined rule 'foo'          | 1 | 10",
        "'a ::= \"x\"\\n'                                 | no 'root' rule                | 1 | 1",
        "'root ::= \"\\q\"'                               | unknown escape                | 1 | 11",
        "'root ::= [a-'                                   | unexpected end of input       | 1 | 13",
        "'root ::= \"abc'                                 | unexpected end of input       | 1 | 14",
        "'root ::= root \"a\" | \"b\"'                    | left recursion in rule 'root' | 1 | 1",
        "'root ::= x\\nx ::= y? x \"a\"\\ny ::= \"y\"'    | left recursion in rule 'x'    | 2 | 1",
        "'root ::= \"a\"{3001}'                           | exceeds 2000                  | 1 | 13",
        "'root ::= *'                                     | expecting preceding item      | 1 | 10",
        "'root ::= \"a\"\\n  | \"b\"'                     | expecting name                | 2 | 3",
        "'root ::= \"a\" )'                               | expecting newline or end      | 1 | 14",
        "'root ::= \"a\"{2'                               | expecting ','                 | 1 | 15",
        "'root ::= \"a\"{,2}'                             | expecting an int              | 1 | 14",
        "'root ::= \"\\x4\"'                              | expecting 2 hex chars         | 1 | 13",
        "'root ::= \"a\"\\n\\nroot2 := \"b\"'             | expecting '::='               | 3 | 7",
    })
    void reportsErrorsWithPositions(String escaped, String problem, int line, int column) {
        String grammar = escaped.replace("\\n", "\n");
        GrammarSyntaxException error = assertThrows(GrammarSyntaxException.class, () -> GbnfSyntax.check(grammar));
        assertTrue(error.getMessage().contains(problem), error.getMessage());
        assertEquals(line, error.line(), error.getMessage());
        assertEquals(column, error.column(), error.getMessage());
        assertTrue(error.getMessage().endsWith("at line " + line + ", column " + column), error.getMessage());
        assertTrue(!llama.llamaAccepts(grammar), "llama.cpp accepts what we reject: " + grammar);
    }

    /** Random edits of valid grammars: our checker and llama.cpp's parser must agree on every one. */
    @Test
    void agreesWithLlamaOnMutatedGrammars() {
        java.util.Random random = new java.util.Random(11);
        String alphabet = "ab-_:=|()[]^.*+?{}0123456789,\\\"#\n xuU";
        int rejected = 0;
        for (int i = 0; i < 1500; i++) {
            StringBuilder grammar = new StringBuilder(VALID.get(random.nextInt(VALID.size())));
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(grammar.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> grammar.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> {
                        if (at < grammar.length()) {
                            grammar.deleteCharAt(at);
                        }
                    }
                    default -> {
                        if (at < grammar.length()) {
                            grammar.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        }
                    }
                }
            }
            String text = grammar.toString();
            boolean ours;
            try {
                GbnfSyntax.check(text);
                ours = true;
            } catch (GrammarSyntaxException e) {
                ours = false;
                rejected++;
            }
            assertEquals(llama.llamaAccepts(text), ours, "disagreement on:\n" + text);
        }
        assertTrue(rejected > 300, "the mutations should break many grammars, broke " + rejected);
    }

    @Test
    void everythingTheBuilderEmitsParses() {
        GbnfBuilder builder = new GbnfBuilder();
        String any = builder.addAnyJson();
        builder.addRule("greeting", GbnfBuilder.literal("say \"hi\"\\\n\t\u0001\u007f é"));
        String grammar = builder.build(any + " | greeting");
        GbnfSyntax.check(grammar);
        assertTrue(llama.llamaAccepts(grammar));
        assertTrue(grammar.startsWith("root ::= value | greeting\n"), grammar);
    }

    @Test
    void literalsEscapeWhatGbnfNeeds() {
        assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\x01\\x7Fé\"", GbnfBuilder.literal("a\"b\\c\nd\re\tf\u0001\u007fé"));
    }

    @Test
    void addRuleRejectsBadNamesAndRedefinitions() {
        GbnfBuilder builder = new GbnfBuilder();
        builder.addRule("x", "\"a\"");
        builder.addRule("x", "\"a\"");
        assertThrows(IllegalArgumentException.class, () -> builder.addRule("x", "\"b\""));
        assertThrows(IllegalArgumentException.class, () -> builder.addRule("bad_name", "\"b\""));
    }
}
