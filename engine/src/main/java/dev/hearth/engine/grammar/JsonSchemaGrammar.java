package dev.hearth.engine.grammar;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * JSON Schema → llama.cpp GBNF. Supported: {@code type} (incl. type arrays), {@code properties},
 * {@code required}, {@code additionalProperties} (absent with {@code properties} = closed, as Fireworks does),
 * {@code unevaluatedProperties: false}, {@code items}, {@code prefixItems}, {@code minItems}/{@code maxItems},
 * {@code enum}, {@code const}, {@code anyOf}/{@code oneOf} (alternation), {@code allOf} (merged), in-document
 * {@code $ref} incl. recursion, {@code minLength}/{@code maxLength}, {@code pattern}, {@code format} (date, time,
 * date-time, uuid, email, ipv4), and integer/number bounds; annotations are ignored, and so is OpenAPI's
 * {@code nullable} (the grammar never produces null for it, which satisfies both readings). Anything else throws
 * {@link SchemaException} naming the keyword and where it is, so a schema is never silently left unenforced.
 * Known looseness: {@code oneOf} branches that overlap can yield a value matching two of them.
 */
public final class JsonSchemaGrammar {
    private JsonSchemaGrammar() {
    }

    /** A full grammar whose root is {@code schema}. */
    public static String compile(JsonNode schema) {
        GbnfBuilder builder = new GbnfBuilder();
        String rule = builder.addSchema("schema", schema);
        return builder.build(rule);
    }
}
