package dev.hearth.server.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.hearth.api.Json;
import io.javalin.http.Context;
import java.util.Locale;

/** Reads JSON request bodies strictly: right content type, well-formed, no unknown fields, right types. */
public final class Bodies {
    private Bodies() {}

    public static <T> T read(Context ctx, Class<T> type) {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/json")) {
            throw new ApiError(Code.INVALID_ARGUMENT, 415,
                    "Content-Type: expected application/json, got " + (contentType == null ? "none" : "\"" + contentType + "\""));
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw ApiError.invalid("request body", "expected a JSON object, got an empty body");
        }
        try {
            T value = Json.MAPPER.readValue(body, type);
            if (value == null) {
                throw ApiError.invalid("request body", "expected a JSON object, got null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiError.invalid(path(e, true), "unknown field in " + type.getSimpleName()
                    + (e.getKnownPropertyIds() == null ? "" : "; known fields: " + e.getKnownPropertyIds()));
        } catch (InvalidFormatException e) {
            throw ApiError.invalid(path(e, false), "invalid value " + quote(e.getValue()) + ", expected " + typeName(e.getTargetType()));
        } catch (MismatchedInputException e) {
            String path = path(e, false);
            throw ApiError.invalid(path.isEmpty() ? "request body" : path,
                    "expected " + typeName(e.getTargetType()) + ", got " + tokenName(e));
        } catch (JsonParseException e) {
            var location = e.getLocation();
            throw ApiError.invalid("request body", "malformed JSON at line " + location.getLineNr() + " column "
                    + location.getColumnNr() + ": " + e.getOriginalMessage());
        } catch (JsonMappingException e) {
            throw ApiError.invalid(path(e, false).isEmpty() ? "request body" : path(e, false), e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ApiError.invalid("request body", e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiError.invalid("request body", "could not be read: " + e.getMessage());
        }
    }

    /** The JSON path of the failing field, e.g. {@code apiKey.displayName} or {@code items[2]}. */
    private static String path(JsonMappingException e, boolean includeLast) {
        StringBuilder out = new StringBuilder();
        var references = e.getPath();
        for (int i = 0; i < references.size(); i++) {
            var reference = references.get(i);
            if (reference.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            }
        }
        return includeLast || !out.isEmpty() ? out.toString() : "";
    }

    private static String tokenName(MismatchedInputException e) {
        if (!(e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser parser) || parser.currentToken() == null) {
            return "something else";
        }
        return switch (parser.currentToken()) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_ARRAY, END_ARRAY -> "an array";
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
            default -> "something else";
        };
    }

    private static String quote(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "a different type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        return "an object (" + type.getSimpleName() + ")";
    }
}
