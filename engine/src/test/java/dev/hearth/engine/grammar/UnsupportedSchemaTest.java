package dev.hearth.engine.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every schema the grammar cannot enforce fails with the keyword and the JSON pointer of the schema holding it. */
class UnsupportedSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`{\"type\":\"object\",\"properties\":{\"a\":{\"not\":{\"type\":\"string\"}}}}`           | not                   | /properties/a",
        "`{\"if\":{\"type\":\"string\"},\"then\":{\"minLength\":2},\"else\":{\"type\":\"integer\"}}` | if                    | (root)",
        "`{\"type\":\"object\",\"patternProperties\":{\"^x-\":{\"type\":\"string\"}}}`                  | patternProperties     | (root)",
        "`{\"type\":\"object\",\"properties\":{\"a\":{},\"b\":{}},\"dependentRequired\":{\"a\":[\"b\"]}}` | dependentRequired     | (root)",
        "`{\"type\":\"object\",\"properties\":{\"tags\":{\"type\":\"array\",\"uniqueItems\":true}}}`    | uniqueItems           | /properties/tags",
        "`{\"type\":\"integer\",\"multipleOf\":5}`                                                       | multipleOf            | (root)",
        "`{\"type\":\"array\",\"contains\":{\"const\":1}}`                                               | contains              | (root)",
        "`{\"type\":\"object\",\"unevaluatedProperties\":{\"type\":\"string\"}}`                        | unevaluatedProperties | (root)",
        "`{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"https://example.com/x.json\"}}}`       | $ref                  | /properties/x",
        "`{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#/$defs/missing\"}}}`                  | $ref                  | /properties/x",
        "`{\"$ref\":\"#anchor\",\"$defs\":{\"a\":{\"$anchor\":\"anchor\"}}}`                              | $ref                  | (root)",
        "`{\"type\":\"number\",\"minimum\":0.5}`                                                         | minimum               | (root)",
        "`{\"type\":\"number\",\"exclusiveMaximum\":2.25}`                                               | exclusiveMaximum      | (root)",
        "`{\"type\":\"integer\",\"minimum\":1e20}`                                                       | minimum               | (root)",
        "`{\"type\":\"string\",\"x-custom\":true}`                                                       | x-custom              | (root)",
        "`{\"type\":\"object\",\"minProperties\":1}`                                                     | minProperties         | (root)",
        "`{\"type\":\"object\",\"propertyNames\":{\"pattern\":\"^a\"}}`                                  | propertyNames         | (root)",
        "`{\"type\":\"string\",\"format\":\"hostname\"}`                                                 | format                | (root)",
        "`{\"type\":\"string\",\"pattern\":\"^(?=a)abc$\"}`                                              | pattern               | (root)",
        "`{\"type\":\"string\",\"pattern\":\"^(a)\\\\1$\"}`                                              | pattern               | (root)",
        "`{\"type\":\"string\",\"pattern\":\"^a\\\\bc$\"}`                                               | pattern               | (root)",
        "`{\"type\":\"string\",\"pattern\":\"^a^b$\"}`                                                   | pattern               | (root)",
        "`{\"type\":\"string\",\"pattern\":\"\\\\p{L}+\"}`                                               | pattern               | (root)",
        "`{\"type\":\"string\",\"pattern\":\"^[a-z]+$\",\"maxLength\":5}`                                | maxLength             | (root)",
        "`{\"allOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}`                                    | allOf                 | (root)",
        "`{\"allOf\":[{\"type\":\"object\",\"properties\":{\"a\":{}},\"additionalProperties\":false},{\"type\":\"object\",\"properties\":{\"b\":{}}}]}` | allOf | (root)",
        "`{\"type\":\"object\",\"properties\":{\"x\":false},\"required\":[\"x\"]}`                       | false                 | /properties/x",
        "`{\"type\":\"object\",\"properties\":{\"a\":{}},\"required\":[\"b\"]}`                          | required              | (root)",
        "`{\"type\":\"array\",\"prefixItems\":[{}],\"items\":false,\"minItems\":2}`                      | minItems              | (root)",
        "`{\"type\":\"string\",\"minLength\":5,\"maxLength\":2}`                                         | maxLength             | (root)",
        "`{\"type\":\"integer\",\"minimum\":5,\"maximum\":4}`                                            | minimum               | (root)",
        "`{\"type\":\"strin\"}`                                                                          | type                  | (root)",
        "`{\"$defs\":{\"A\":{\"type\":\"object\",\"properties\":{\"b\":{\"dependentSchemas\":{}}}}},\"$ref\":\"#/$defs/A\"}` | dependentSchemas | /$defs/A/properties/b",
        "`{\"type\":\"object\",\"properties\":{\"a/b\":{\"not\":{}}}}`                                   | not                   | /properties/a~1b",
        "`{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"q\":{\"if\":{}}}}}`       | if                    | /items/properties/q",
        "`{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\",\"multipleOf\":2}]}`                   | multipleOf            | /anyOf/1",
    })
    void failsNamingKeywordAndPointer(String schema, String keyword, String pointer) throws Exception {
        SchemaException error = assertThrows(SchemaException.class, () -> JsonSchemaGrammar.compile(JSON.readTree(schema)));
        assertEquals(keyword, error.keyword(), error.getMessage());
        assertEquals(pointer.equals("(root)") ? "" : pointer, error.pointer(), error.getMessage());
    }

    @Test
    void messageNamesKeywordAndPointer() throws Exception {
        SchemaException error = assertThrows(SchemaException.class, () -> JsonSchemaGrammar.compile(
                JSON.readTree("{\"type\":\"object\",\"properties\":{\"a\":{\"not\":{\"type\":\"string\"}}}}")));
        assertEquals("unsupported JSON Schema keyword 'not' at /properties/a", error.getMessage());
    }
}
