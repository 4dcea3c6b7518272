package dev.hearth.server.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Watches an SSE stream go by: remembers the usage of the final chunk and whether {@code [DONE]} arrived. */
final class SseUsageScanner {
    private static final byte[] USAGE = "\"usage\":{".getBytes(StandardCharsets.US_ASCII);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private UsageMeter.Usage usage = UsageMeter.Usage.NONE;
    private boolean done;

    void accept(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                onLine(line.toByteArray());
                line.reset();
            } else {
                line.write(b);
            }
        }
    }

    private void onLine(byte[] bytes) {
        String prefix = "data: ";
        if (bytes.length < prefix.length() || bytes[0] != 'd') {
            return;
        }
        if (bytes.length == 12 && new String(bytes, StandardCharsets.US_ASCII).equals("data: [DONE]")) {
            done = true;
            return;
        }
        if (indexOf(bytes, USAGE) < 0) {
            return;
        }
        try {
            JsonNode chunk = Json.MAPPER.readTree(bytes, prefix.length(), bytes.length - prefix.length());
            usage = UsageMeter.Usage.of(chunk.get("usage"));
        } catch (IOException e) {
            // Not JSON after all: nothing to meter from this line.
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    UsageMeter.Usage usage() {
        return usage;
    }

    boolean done() {
        return done;
    }
}
