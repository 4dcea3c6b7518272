package dev.hearth.engine.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compiles one JSON Schema document into rules of a {@link GbnfBuilder}; see {@link JsonSchemaGrammar} for what is supported. */
final class SchemaCompiler {
    private static final Set<String> ANNOTATIONS = Set.of("title", "description", "$id", "$schema", "default", "examples",
            "example", "$comment", "nullable", "deprecated", "readOnly", "writeOnly", "$defs", "definitions", "discriminator");
    private static final Set<String> KEYWORDS = Set.of("type", "enum", "const", "$ref", "allOf", "anyOf", "oneOf",
            "properties", "required", "additionalProperties", "unevaluatedProperties", "items", "prefixItems",
            "additionalItems", "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern", "format",
            "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum");
    private static final List<String> TYPES = List.of("string", "number", "integer", "boolean", "object", "array", "null");
    private static final int MAX_MERGE_DEPTH = 64;

    private final GbnfBuilder builder;
    private final JsonNode document;
    private final Map<String, String> refRules = new HashMap<>();
    private String prefix;

    SchemaCompiler(GbnfBuilder builder, JsonNode document) {
        this.builder = builder;
        this.document = document;
    }

    String compile(String namePrefix) {
        this.prefix = namePrefix;
        return visit(document, namePrefix, "");
    }

    /** The name of a rule matching {@code schema}. */
    private String visit(JsonNode schema, String name, String pointer) {
        if (schema.isObject() && schema.has("$ref") && constraining(schema, "$ref").isEmpty()) {
            check(schema, pointer);
            return ref(schema.get("$ref"), pointer);
        }
        String body = body(schema, name, pointer);
        return body.matches("[a-zA-Z0-9-]+") ? body : builder.addUnique(name, body);
    }

    /** A GBNF expression matching {@code schema}. */
    private String body(JsonNode schema, String name, String pointer) {
        if (schema.isBoolean()) {
            if (schema.booleanValue()) {
                return builder.addAnyJson();
            }
            throw new SchemaException("false", pointer, "the schema 'false' matches nothing");
        }
        if (!schema.isObject()) {
            throw new SchemaException("", pointer, "a schema must be an object or a boolean");
        }
        check(schema, pointer);
        if (schema.has("$ref")) {
            if (constraining(schema, "$ref").isEmpty()) {
                return ref(schema.get("$ref"), pointer);
            }
            return body(merge(List.of(schema), pointer, 0), name, pointer);
        }
        if (schema.has("allOf")) {
            return body(merge(List.of(schema), pointer, 0), name, pointer);
        }
        if (schema.has("anyOf") && schema.has("oneOf")) {
            throw new SchemaException("oneOf", pointer, "'anyOf' and 'oneOf' together are not supported");
        }
        if (schema.has("anyOf") || schema.has("oneOf")) {
            return alternatives(schema, schema.has("anyOf") ? "anyOf" : "oneOf", name, pointer);
        }
        if (schema.has("const") || schema.has("enum")) {
            return constants(schema, pointer);
        }
        List<String> types = types(schema, pointer);
        if (types.isEmpty()) {
            return builder.addAnyJson();
        }
        if (types.size() == 1) {
            return typed(types.get(0), schema, name, pointer);
        }
        List<String> alternatives = new ArrayList<>();
        for (String type : types) {
            alternatives.add(typed(type, schema, name + "-" + type, pointer));
        }
        return String.join(" | ", alternatives);
    }

    private void check(JsonNode schema, String pointer) {
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (ANNOTATIONS.contains(key)) {
                continue;
            }
            boolean supported = KEYWORDS.contains(key)
                    && !(key.equals("uniqueItems") && value.asBoolean(true))
                    && !(key.equals("unevaluatedProperties") && !(value.isBoolean() && !value.booleanValue()));
            if (!supported) {
                throw SchemaException.unsupported(key, pointer);
            }
        }
    }

    /** The keywords of {@code schema} other than annotations and {@code except}. */
    private static List<String> constraining(JsonNode schema, String... except) {
        List<String> keys = new ArrayList<>();
        for (String key : (Iterable<String>) schema::fieldNames) {
            if (!ANNOTATIONS.contains(key) && !List.of(except).contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    private String ref(JsonNode refNode, String pointer) {
        String target = refPointer(refNode, pointer);
        String existing = refRules.get(target);
        if (existing != null) {
            return existing;
        }
        JsonNode schema = resolve(target, refNode.asText(), pointer);
        String segment = target.isEmpty() ? "root" : target.substring(target.lastIndexOf('/') + 1);
        String rule = builder.reserve(prefix + "-" + GbnfBuilder.sanitize(segment));
        refRules.put(target, rule);
        builder.define(rule, body(schema, rule, target));
        return rule;
    }

    private static String refPointer(JsonNode refNode, String pointer) {
        String ref = refNode.asText();
        if (!refNode.isTextual() || !ref.startsWith("#")) {
            throw new SchemaException("$ref", pointer, "only references inside the schema (#/...) are supported, not '" + ref + "'");
        }
        String target = URLDecoder.decode(ref.substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
        if (!target.isEmpty() && !target.startsWith("/")) {
            throw new SchemaException("$ref", pointer, "anchor references like '" + ref + "' are not supported");
        }
        return target;
    }

    private JsonNode resolve(String target, String ref, String pointer) {
        JsonNode schema = document.at(target);
        if (schema.isMissingNode()) {
            throw new SchemaException("$ref", pointer, "$ref '" + ref + "' points at nothing");
        }
        return schema;
    }

    private String alternatives(JsonNode schema, String keyword, String name, String pointer) {
        JsonNode options = schema.get(keyword);
        if (!options.isArray() || options.isEmpty()) {
            throw new SchemaException(keyword, pointer, "'" + keyword + "' must be a non-empty array");
        }
        List<String> siblings = constraining(schema, keyword);
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            String optionPointer = pointer + "/" + keyword + "/" + i;
            JsonNode option = options.get(i);
            if (!siblings.isEmpty()) {
                ObjectNode rest = schema.deepCopy();
                rest.remove(keyword);
                option = merge(List.of(rest, option), optionPointer, 0);
            }
            rules.add(visit(option, name + "-" + i, optionPointer));
        }
        return String.join(" | ", rules);
    }

    private String constants(JsonNode schema, String pointer) {
        List<String> extra = constraining(schema, "const", "enum", "type");
        if (!extra.isEmpty()) {
            throw new SchemaException(extra.get(0), pointer, "'" + extra.get(0) + "' beside 'const' or 'enum' is not supported");
        }
        List<JsonNode> values = new ArrayList<>();
        if (schema.has("const")) {
            values.add(schema.get("const"));
        }
        if (schema.has("enum")) {
            if (!schema.get("enum").isArray()) {
                throw new SchemaException("enum", pointer, "'enum' must be an array");
            }
            if (schema.has("const")) {
                if (!contains(schema.get("enum"), schema.get("const"))) {
                    throw new SchemaException("enum", pointer, "'const' is not one of 'enum'");
                }
            } else {
                schema.get("enum").forEach(values::add);
            }
        }
        List<String> types = schema.has("type") ? types(schema, pointer) : TYPES;
        List<String> literals = new ArrayList<>();
        for (JsonNode value : values) {
            if (types.contains(jsonType(value)) || (value.isIntegralNumber() && types.contains("number"))) {
                literals.add(GbnfBuilder.literal(value.toString()));
            }
        }
        if (literals.isEmpty()) {
            throw new SchemaException(schema.has("const") ? "const" : "enum", pointer, "no value is of the schema's 'type'");
        }
        return "(" + String.join(" | ", new LinkedHashSet<>(literals)) + ") " + builder.primitive("space");
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode element : array) {
            if (element.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String jsonType(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> value.isIntegralNumber() || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0)
                    ? "integer" : "number";
            case BOOLEAN -> "boolean";
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            default -> "null";
        };
    }

    private List<String> types(JsonNode schema, String pointer) {
        List<String> types = new ArrayList<>();
        JsonNode type = schema.get("type");
        if (type != null) {
            for (JsonNode t : type.isArray() ? type : List.of(type)) {
                if (!t.isTextual() || !TYPES.contains(t.asText())) {
                    throw new SchemaException("type", pointer, "unknown type " + t);
                }
                if (!types.contains(t.asText())) {
                    types.add(t.asText());
                }
            }
            if (types.contains("integer") && types.contains("number")) {
                types.remove("integer");
            }
        } else if (has(schema, "properties", "additionalProperties", "required", "unevaluatedProperties")) {
            types.add("object");
        } else if (has(schema, "items", "prefixItems", "additionalItems", "minItems", "maxItems")) {
            types.add("array");
        } else if (has(schema, "minLength", "maxLength", "pattern", "format")) {
            types.add("string");
        } else if (has(schema, "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")) {
            types.add("number");
        }
        return types;
    }

    private static boolean has(JsonNode schema, String... keywords) {
        for (String keyword : keywords) {
            if (schema.has(keyword)) {
                return true;
            }
        }
        return false;
    }

    private String typed(String type, JsonNode schema, String name, String pointer) {
        return switch (type) {
            case "null", "boolean" -> builder.primitive(type);
            case "string" -> string(schema, name, pointer);
            case "integer", "number" -> number(type.equals("integer"), schema, pointer);
            case "object" -> object(schema, name, pointer);
            case "array" -> array(schema, name, pointer);
            default -> throw new SchemaException("type", pointer, "unknown type " + type);
        };
    }

    private String string(JsonNode schema, String name, String pointer) {
        String quote = GbnfBuilder.literal("\"");
        String space = builder.primitive("space");
        if (schema.has("format")) {
            for (String other : List.of("pattern", "minLength", "maxLength")) {
                if (schema.has(other)) {
                    throw new SchemaException(other, pointer, "'" + other + "' together with 'format' is not supported");
                }
            }
            String format = schema.get("format").asText();
            String rule = StringFormats.rule(builder, format);
            if (rule == null) {
                throw new SchemaException("format", pointer, "unsupported string format '" + format + "'");
            }
            return quote + " " + rule + " " + quote + " " + space;
        }
        if (schema.has("pattern")) {
            for (String other : List.of("minLength", "maxLength")) {
                if (schema.has(other)) {
                    throw new SchemaException(other, pointer, "'" + other + "' together with 'pattern' is not supported");
                }
            }
            try {
                return quote + " " + RegexGrammar.translate(builder, schema.get("pattern").asText(), name + "-pattern") + " " + quote + " " + space;
            } catch (IllegalArgumentException e) {
                throw new SchemaException("pattern", pointer, "pattern '" + schema.get("pattern").asText() + "': " + e.getMessage());
            }
        }
        if (schema.has("minLength") || schema.has("maxLength")) {
            long min = count(schema, "minLength", 0, pointer);
            long max = count(schema, "maxLength", -1, pointer);
            if (max >= 0 && max < min) {
                throw new SchemaException("maxLength", pointer, "'maxLength' is below 'minLength'");
            }
            return quote + " " + repeat(name + "-char", builder.primitive("char"), min, max, "maxLength", pointer) + " " + quote + " " + space;
        }
        return builder.primitive("string");
    }

    private String repeat(String name, String item, long min, long max, String keyword, String pointer) {
        try {
            return builder.repeat(name, item, min, max);
        } catch (IllegalArgumentException e) {
            throw new SchemaException(keyword, pointer, e.getMessage());
        }
    }

    private static long count(JsonNode schema, String keyword, long absent, String pointer) {
        JsonNode value = schema.get(keyword);
        if (value == null) {
            return absent;
        }
        if (!value.isNumber() || value.decimalValue().stripTrailingZeros().scale() > 0 || value.decimalValue().signum() < 0
                || value.decimalValue().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new SchemaException(keyword, pointer, "'" + keyword + "' must be a non-negative integer");
        }
        return value.longValue();
    }

    private String number(boolean integer, JsonNode schema, String pointer) {
        Bound lower = bound(schema, "minimum", "exclusiveMinimum", true, pointer);
        Bound upper = bound(schema, "maximum", "exclusiveMaximum", false, pointer);
        String space = builder.primitive("space");
        if (lower == null && upper == null) {
            return builder.primitive(integer ? "integer" : "number");
        }
        try {
            if (integer) {
                BigDecimal lo = lower == null ? null : lower.exclusive
                        ? lower.value.setScale(0, RoundingMode.FLOOR).add(BigDecimal.ONE) : lower.value.setScale(0, RoundingMode.CEILING);
                BigDecimal hi = upper == null ? null : upper.exclusive
                        ? upper.value.setScale(0, RoundingMode.CEILING).subtract(BigDecimal.ONE) : upper.value.setScale(0, RoundingMode.FLOOR);
                return "(" + NumberRanges.integer(lo, hi) + ") " + space;
            }
            for (Bound bound : new Bound[] {lower, upper}) {
                if (bound != null && bound.value.stripTrailingZeros().scale() > 0) {
                    throw new SchemaException(bound.keyword, pointer, "a non-integer bound on a number cannot be enforced by the grammar");
                }
            }
            return "(" + NumberRanges.number(lower == null ? null : lower.value, lower != null && lower.exclusive,
                    upper == null ? null : upper.value, upper != null && upper.exclusive) + ") " + space;
        } catch (IllegalArgumentException e) {
            String keyword = lower != null ? lower.keyword : upper.keyword;
            throw new SchemaException(keyword, pointer, e.getMessage());
        }
    }

    private record Bound(BigDecimal value, boolean exclusive, String keyword) {}

    /** The tighter of the inclusive and exclusive bound on one side (draft-04 boolean exclusive flags included). */
    private static Bound bound(JsonNode schema, String inclusiveKey, String exclusiveKey, boolean lower, String pointer) {
        JsonNode inclusive = schema.get(inclusiveKey);
        JsonNode exclusive = schema.get(exclusiveKey);
        Bound result = null;
        if (inclusive != null) {
            if (!inclusive.isNumber()) {
                throw new SchemaException(inclusiveKey, pointer, "'" + inclusiveKey + "' must be a number");
            }
            boolean draft4Exclusive = exclusive != null && exclusive.isBoolean() && exclusive.booleanValue();
            result = new Bound(inclusive.decimalValue(), draft4Exclusive, inclusiveKey);
        }
        if (exclusive != null && !exclusive.isBoolean()) {
            if (!exclusive.isNumber()) {
                throw new SchemaException(exclusiveKey, pointer, "'" + exclusiveKey + "' must be a number");
            }
            Bound candidate = new Bound(exclusive.decimalValue(), true, exclusiveKey);
            if (result == null) {
                result = candidate;
            } else {
                int cmp = candidate.value.compareTo(result.value);
                if (lower ? cmp >= 0 : cmp <= 0) {
                    result = candidate;
                }
            }
        }
        return result;
    }

    private String object(JsonNode schema, String name, String pointer) {
        String space = builder.primitive("space");
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        if (additional == null && schema.has("unevaluatedProperties")) {
            additional = schema.get("unevaluatedProperties");
        }
        if (properties != null && !properties.isObject()) {
            throw new SchemaException("properties", pointer, "'properties' must be an object");
        }
        if (properties == null && (additional == null || additional.equals(JsonNodeFactory.instance.booleanNode(true)))
                && !schema.has("required")) {
            return builder.primitive("object");
        }
        boolean closed = additional == null ? properties != null : additional.isBoolean() && !additional.booleanValue();
        Set<String> required = new LinkedHashSet<>();
        JsonNode requiredNode = schema.get("required");
        if (requiredNode != null) {
            if (!requiredNode.isArray()) {
                throw new SchemaException("required", pointer, "'required' must be an array");
            }
            requiredNode.forEach(r -> required.add(r.asText()));
        }
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        Map<String, String> pointers = new HashMap<>();
        if (properties != null) {
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                declared.put(property.getKey(), property.getValue());
                pointers.put(property.getKey(), pointer + "/properties/" + escape(property.getKey()));
            }
        }
        for (String key : required) {
            if (!declared.containsKey(key)) {
                if (closed) {
                    throw new SchemaException("required", pointer, "required property '" + key + "' is not allowed by the schema");
                }
                declared.put(key, additional == null ? JsonNodeFactory.instance.booleanNode(true) : additional);
                pointers.put(key, pointer + "/additionalProperties");
            }
        }
        List<String> kvs = new ArrayList<>();
        List<Boolean> isRequired = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : declared.entrySet()) {
            String key = property.getKey();
            String propertyName = name + "-" + GbnfBuilder.sanitize(key);
            String value = visit(property.getValue(), propertyName, pointers.get(key));
            kvs.add(builder.addUnique(propertyName + "-kv",
                    GbnfBuilder.literal(quoted(key)) + " " + space + " \":\" " + space + " " + value));
            isRequired.add(required.contains(key));
        }
        String additionalKv = null;
        if (!closed) {
            String value = additional == null || additional.isBoolean()
                    ? builder.addAnyJson() : visit(additional, name + "-additional", pointer + "/additionalProperties");
            String key = builder.addUnique(name + "-additional-key", GbnfBuilder.literal("\"") + " " + notStrings(declared.keySet()) + " "
                    + GbnfBuilder.literal("\"") + " " + space);
            additionalKv = builder.addUnique(name + "-additional-kv", key + " \":\" " + space + " " + value);
        }
        String members = new Members(name, kvs, isRequired, additionalKv).tail(0, false);
        return "\"{\" " + space + " " + (members.isEmpty() ? "" : members + " ") + "\"}\" " + space;
    }

    /** The members of an object in declaration order; optional ones may be left out, so commas depend on what came before. */
    private final class Members {
        private final String name;
        private final List<String> kvs;
        private final List<Boolean> required;
        private final String additionalKv;
        private final Map<String, String> tails = new HashMap<>();

        Members(String name, List<String> kvs, List<Boolean> required, String additionalKv) {
            this.name = name;
            this.kvs = kvs;
            this.required = required;
            this.additionalKv = additionalKv;
        }

        String tail(int index, boolean afterMember) {
            String comma = afterMember ? "\",\" " + builder.primitive("space") + " " : "";
            if (index == kvs.size()) {
                if (additionalKv == null) {
                    return "";
                }
                String more = "(\",\" " + builder.primitive("space") + " " + additionalKv + ")*";
                return afterMember ? more : "(" + additionalKv + " " + more + ")?";
            }
            String present = (comma + kvs.get(index) + " " + tail(index + 1, true)).trim();
            if (required.get(index)) {
                return present;
            }
            String key = index + (afterMember ? "c" : "");
            String rule = tails.get(key);
            if (rule == null) {
                String absent = tail(index + 1, afterMember);
                String body = absent.isEmpty() ? "(" + present + ")?" : present + " | " + absent;
                rule = builder.addUnique(name + "-rest-" + index + (afterMember ? "-c" : ""), body);
                tails.put(key, rule);
            }
            return rule;
        }
    }

    /** Content of a JSON string without escapes that is none of {@code names}. */
    private String notStrings(Set<String> names) {
        Trie root = new Trie();
        for (String name : names) {
            if (name.codePoints().allMatch(c -> c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)) {
                root.add(name);
            }
        }
        return root.grammar(builder);
    }

    private static final class Trie {
        private final Map<Integer, Trie> children = new LinkedHashMap<>();
        private boolean terminal;

        void add(String word) {
            Trie node = this;
            for (int c : word.codePoints().toArray()) {
                node = node.children.computeIfAbsent(c, k -> new Trie());
            }
            node.terminal = true;
        }

        String grammar(GbnfBuilder builder) {
            String keyChar = RegexGrammar.RAW_JSON_CHARS.gbnfClass();
            if (children.isEmpty() && !terminal) {
                return keyChar + "*";
            }
            List<String> alternatives = new ArrayList<>();
            RegexGrammar.CharSet other = RegexGrammar.RAW_JSON_CHARS;
            for (Map.Entry<Integer, Trie> child : children.entrySet()) {
                other = other.minus(RegexGrammar.CharSet.of(child.getKey()));
                alternatives.add(GbnfBuilder.literal(new String(Character.toChars(child.getKey()))) + " " + child.getValue().grammar(builder));
            }
            alternatives.add(0, other.gbnfClass() + " " + keyChar + "*");
            String choice = "(" + String.join(" | ", alternatives) + ")";
            return terminal ? choice : "(" + choice + ")?";
        }
    }

    private String array(JsonNode schema, String name, String pointer) {
        String space = builder.primitive("space");
        List<JsonNode> prefixItems = new ArrayList<>();
        JsonNode rest;
        String restPointer;
        JsonNode items = schema.get("items");
        if (schema.has("prefixItems")) {
            schema.get("prefixItems").forEach(prefixItems::add);
            rest = items;
            restPointer = pointer + "/items";
        } else if (items != null && items.isArray()) {
            items.forEach(prefixItems::add);
            rest = schema.get("additionalItems");
            restPointer = pointer + "/additionalItems";
        } else {
            rest = items;
            restPointer = pointer + "/items";
        }
        long min = count(schema, "minItems", 0, pointer);
        long max = count(schema, "maxItems", -1, pointer);
        if (max >= 0 && max < min) {
            throw new SchemaException("maxItems", pointer, "'maxItems' is below 'minItems'");
        }
        boolean noRest = rest != null && rest.isBoolean() && !rest.booleanValue();
        int fixed = max >= 0 ? (int) Math.min(prefixItems.size(), max) : prefixItems.size();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < fixed; i++) {
            String rule = visit(prefixItems.get(i), name + "-" + i, pointer + "/prefixItems/" + i);
            parts.add(i == 0 ? rule : "\",\" " + space + " " + rule);
        }
        String sequence = String.join(" ", parts);
        long extraMin = Math.max(0, min - fixed);
        long extraMax = max < 0 ? -1 : max - fixed;
        if (noRest || extraMax == 0) {
            if (extraMin > 0) {
                throw new SchemaException("minItems", pointer, "'minItems' needs more items than the schema allows");
            }
        } else {
            String item = rest == null ? builder.addAnyJson() : visit(rest, name + "-item", restPointer);
            if (fixed > 0) {
                String next = builder.addUnique(name + "-next", "\",\" " + space + " " + item);
                sequence += " " + repeat(name + "-next", next, extraMin, extraMax, "maxItems", pointer);
            } else {
                String next = builder.addUnique(name + "-next", "\",\" " + space + " " + item);
                String more = repeat(name + "-next", next, Math.max(0, extraMin - 1), extraMax < 0 ? -1 : extraMax - 1, "maxItems", pointer);
                sequence = extraMin == 0 ? "(" + item + " " + more + ")?" : item + " " + more;
            }
        }
        return "\"[\" " + space + " " + sequence + " \"]\" " + space;
    }

    /** One schema equivalent to all of {@code schemas} together (their allOf and $ref resolved), or an error. */
    private ObjectNode merge(List<JsonNode> schemas, String pointer, int depth) {
        if (depth > MAX_MERGE_DEPTH) {
            throw new SchemaException("allOf", pointer, "'allOf' or '$ref' nests too deep to merge");
        }
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        List<JsonNode> closedBranches = new ArrayList<>();
        for (JsonNode schema : schemas) {
            if (schema.isBoolean()) {
                if (!schema.booleanValue()) {
                    throw new SchemaException("false", pointer, "the schema 'false' matches nothing");
                }
                continue;
            }
            check(schema, pointer);
            List<JsonNode> nested = new ArrayList<>();
            if (schema.has("$ref")) {
                String target = refPointer(schema.get("$ref"), pointer);
                nested.add(resolve(target, schema.get("$ref").asText(), pointer));
            }
            if (schema.has("allOf")) {
                if (!schema.get("allOf").isArray()) {
                    throw new SchemaException("allOf", pointer, "'allOf' must be an array");
                }
                schema.get("allOf").forEach(nested::add);
            }
            ObjectNode own = JsonNodeFactory.instance.objectNode();
            for (String key : constraining(schema, "$ref", "allOf")) {
                own.set(key, schema.get(key));
            }
            List<JsonNode> parts = new ArrayList<>(List.of(own));
            if (!nested.isEmpty()) {
                parts.add(merge(nested, pointer, depth + 1));
            }
            for (JsonNode part : parts) {
                if (part.has("additionalProperties") && !part.get("additionalProperties").equals(JsonNodeFactory.instance.booleanNode(true))) {
                    closedBranches.add(part);
                }
                for (Map.Entry<String, JsonNode> field : part.properties()) {
                    mergeKeyword(merged, field.getKey(), field.getValue(), pointer);
                }
            }
        }
        for (JsonNode branch : closedBranches) {
            for (String key : (Iterable<String>) merged.path("properties")::fieldNames) {
                if (!branch.path("properties").has(key)) {
                    throw new SchemaException("allOf", pointer, "cannot merge objects: one forbids property '" + key + "' of another");
                }
            }
        }
        return merged;
    }

    private void mergeKeyword(ObjectNode merged, String key, JsonNode value, String pointer) {
        JsonNode current = merged.get(key);
        if (current == null) {
            merged.set(key, value.deepCopy());
            return;
        }
        if (current.equals(value)) {
            return;
        }
        switch (key) {
            case "required" -> {
                Set<JsonNode> union = new LinkedHashSet<>();
                current.forEach(union::add);
                value.forEach(union::add);
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                union.forEach(array::add);
                merged.set(key, array);
            }
            case "properties" -> {
                ObjectNode properties = ((ObjectNode) current).deepCopy();
                for (Map.Entry<String, JsonNode> property : value.properties()) {
                    JsonNode existing = properties.get(property.getKey());
                    if (existing == null || existing.equals(property.getValue())) {
                        properties.set(property.getKey(), property.getValue());
                    } else {
                        ObjectNode both = JsonNodeFactory.instance.objectNode();
                        both.putArray("allOf").add(existing).add(property.getValue());
                        properties.set(property.getKey(), both);
                    }
                }
                merged.set(key, properties);
            }
            case "type" -> {
                Set<String> a = typeSet(current);
                Set<String> b = typeSet(value);
                Set<String> both = new LinkedHashSet<>();
                for (String t : a) {
                    if (b.contains(t) || (t.equals("integer") && b.contains("number"))) {
                        both.add(t);
                    } else if (t.equals("number") && b.contains("integer")) {
                        both.add("integer");
                    }
                }
                if (both.isEmpty()) {
                    throw new SchemaException("allOf", pointer, "'allOf' branches have no type in common");
                }
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                both.forEach(array::add);
                merged.set(key, array);
            }
            case "minLength", "minItems", "minimum", "exclusiveMinimum" -> {
                if (!current.isNumber() || !value.isNumber()) {
                    throw new SchemaException(key, pointer, "cannot merge '" + key + "' in 'allOf'");
                }
                merged.set(key, current.decimalValue().compareTo(value.decimalValue()) >= 0 ? current : value);
            }
            case "maxLength", "maxItems", "maximum", "exclusiveMaximum" -> {
                if (!current.isNumber() || !value.isNumber()) {
                    throw new SchemaException(key, pointer, "cannot merge '" + key + "' in 'allOf'");
                }
                merged.set(key, current.decimalValue().compareTo(value.decimalValue()) <= 0 ? current : value);
            }
            case "enum" -> {
                ArrayNode both = JsonNodeFactory.instance.arrayNode();
                current.forEach(v -> {
                    if (contains(value, v)) {
                        both.add(v);
                    }
                });
                if (both.isEmpty()) {
                    throw new SchemaException("allOf", pointer, "'allOf' branches have no 'enum' value in common");
                }
                merged.set(key, both);
            }
            default -> throw new SchemaException("allOf", pointer, "cannot merge different '" + key + "' values in 'allOf'");
        }
    }

    private static Set<String> typeSet(JsonNode type) {
        Set<String> types = new LinkedHashSet<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else {
            types.add(type.asText());
        }
        return types;
    }

    private static String quoted(String key) {
        return JsonNodeFactory.instance.textNode(key).toString();
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
