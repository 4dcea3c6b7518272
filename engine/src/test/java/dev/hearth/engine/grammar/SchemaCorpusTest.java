package dev.hearth.engine.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every schema of the corpus (src/test/resources/schemas) compiles to a grammar that our checker and llama.cpp accept,
 * and everything a random-weight model generates under it parses as JSON and passes a real JSON Schema validator.
 */
class SchemaCorpusTest {
    private static final int WANTED = 3;
    private static final int ATTEMPTS = 6;
    private static final int MAX_TOKENS = 1500;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    private static final SchemaRegistry VALIDATORS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private static GrammarGenerator generator;
    private static int generations;
    private static int truncated;
    private static long tokens;

    @BeforeAll
    static void loadModel() {
        generator = new GrammarGenerator();
    }

    @AfterAll
    static void report() {
        System.out.printf("schema corpus: %d generations, %d hit the %d-token limit and were retried, %d tokens%n",
                generations, truncated, MAX_TOKENS, tokens);
        generator.close();
    }

    static List<Path> corpus() {
        try {
            URL dir = SchemaCorpusTest.class.getResource("/schemas");
            try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
                return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCorpusIsLargeEnough() {
        assertTrue(corpus().size() >= 110, "corpus has " + corpus().size() + " schemas");
    }

    @TestFactory
    Stream<DynamicTest> generatedOutputValidates() {
        return corpus().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
    }

    private static void check(Path file) throws IOException {
        JsonNode schema = JSON.readTree(file.toFile());
        String grammar = JsonSchemaGrammar.compile(schema);
        GbnfSyntax.check(grammar);
        assertTrue(generator.llamaAccepts(grammar), "llama.cpp rejects the grammar:\n" + grammar);
        Schema validator = VALIDATORS.getSchema(schema);
        List<String> outputs = new ArrayList<>();
        for (long seed = 1; seed <= ATTEMPTS && outputs.size() < WANTED; seed++) {
            GrammarGenerator.Output output = generator.generate(grammar, seed, MAX_TOKENS);
            generations++;
            tokens += output.tokens();
            if (!output.finished()) {
                truncated++;
                continue;
            }
            JsonNode value;
            try {
                value = JSON.readTree(output.text());
            } catch (IOException e) {
                fail("output is not JSON: " + e.getMessage() + "\n" + output.text() + "\ngrammar:\n" + grammar);
                return;
            }
            var errors = validator.validate(value, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)));
            assertEquals(List.of(), errors.stream().map(Object::toString).toList(),
                    "output does not validate: " + output.text() + "\ngrammar:\n" + grammar);
            outputs.add(output.text());
        }
        assertTrue(!outputs.isEmpty(), "no generation finished within " + MAX_TOKENS + " tokens in " + ATTEMPTS + " attempts");
    }
}
