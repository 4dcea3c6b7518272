package dev.hearth.server.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import dev.hearth.server.http.ApiError;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** IDs, page tokens, page sizes and field masks: the conventions every resource shares. */
class ConventionsTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "my-model", "llama-3-8b", "a1", "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabc"})
    void validIds(String id) {
        assertNull(ResourceIds.problem(id), id);
    }

    @Test
    void eachIdRuleHasItsOwnMessage() {
        assertEquals("userId: must not be empty", message(() -> ResourceIds.validate("userId", "")));
        assertTrue(message(() -> ResourceIds.validate("userId", "a".repeat(64))).contains("limit is 63"));
        assertTrue(message(() -> ResourceIds.validate("userId", "My-Model")).contains("contains 'M'"));
        assertTrue(message(() -> ResourceIds.validate("userId", "my_model")).contains("contains '_'"));
        assertTrue(message(() -> ResourceIds.validate("userId", "1model")).contains("must start with a letter"));
        assertTrue(message(() -> ResourceIds.validate("userId", "-model")).contains("must start with a letter"));
        assertTrue(message(() -> ResourceIds.validate("userId", "model-")).contains("must not end with '-'"));
    }

    @Test
    void pageTokensRoundTripAndAreBoundToTheirQuery() {
        String fingerprint = PageToken.fingerprint("users", "role=admin", "email");
        String token = PageToken.encode(150, fingerprint);
        assertEquals(150, PageToken.decode(token, fingerprint));
        assertEquals(0, PageToken.decode(null, fingerprint));
        assertTrue(message(() -> PageToken.decode(token, PageToken.fingerprint("users", "role=user", "email")))
                .startsWith("pageToken: was issued for a different query"));
        assertTrue(message(() -> PageToken.decode("%%%", fingerprint)).startsWith("pageToken: not a page token"));
        assertTrue(message(() -> PageToken.decode("cDEuLTUuYWJj", fingerprint)).startsWith("pageToken:"));
    }

    @Test
    void pageSizeDefaultsAndCaps() {
        assertEquals(50, ListRequest.parsePageSize(null));
        assertEquals(50, ListRequest.parsePageSize("0"));
        assertEquals(7, ListRequest.parsePageSize("7"));
        assertEquals(200, ListRequest.parsePageSize("5000"));
        assertTrue(message(() -> ListRequest.parsePageSize("-3")).startsWith("pageSize:"));
        assertTrue(message(() -> ListRequest.parsePageSize("ten")).startsWith("pageSize:"));
    }

    @Test
    void readMasksKeepOnlyTheNamedFields() throws Exception {
        Set<String> fields = Set.of("name", "displayName", "status", "status.code", "status.message");
        ObjectNode resource = (ObjectNode) Json.MAPPER.readTree(
                "{\"name\":\"n\",\"displayName\":\"d\",\"status\":{\"code\":\"OK\",\"message\":\"m\"}}");
        assertEquals("{\"name\":\"n\",\"displayName\":\"d\"}",
                FieldMask.parse("readMask", "name, display_name", fields).apply(resource.deepCopy()).toString());
        assertEquals("{\"status\":{\"code\":\"OK\"}}",
                FieldMask.parse("readMask", "status.code", fields).apply(resource.deepCopy()).toString());
        assertEquals(resource, FieldMask.parse("readMask", "*", fields).apply(resource.deepCopy()));
        assertTrue(message(() -> FieldMask.parse("readMask", "name,colour", fields)).contains("unknown field \"colour\""));
        assertTrue(message(() -> FieldMask.parse("updateMask", "name,,", fields)).startsWith("updateMask: empty path"));
    }

    private static String message(Runnable action) {
        return assertThrows(ApiError.class, action::run).getMessage();
    }
}
