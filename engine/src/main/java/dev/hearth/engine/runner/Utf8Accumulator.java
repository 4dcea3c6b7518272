package dev.hearth.engine.runner;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Joins token pieces into text; a UTF-8 character split across tokens is held until its last byte arrives. */
final class Utf8Accumulator {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Appends bytes and returns the text of every character now complete. */
    String append(byte[] bytes) {
        if (pending.size() == 0 && completePrefix(bytes) == bytes.length) {
            return new String(bytes, StandardCharsets.UTF_8); // the usual case: a token of whole characters
        }
        pending.writeBytes(bytes);
        byte[] all = pending.toByteArray();
        int complete = completePrefix(all);
        pending.reset();
        pending.write(all, complete, all.length - complete);
        return new String(all, 0, complete, StandardCharsets.UTF_8);
    }

    /** Whatever is left, with an incomplete character replaced by U+FFFD. */
    String flush() {
        String rest = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        return rest;
    }

    /** Length of the longest prefix that does not end inside a multi-byte character. */
    static int completePrefix(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xff;
            if ((b & 0xC0) == 0x80) {
                continue; // continuation byte: keep looking for the lead byte
            }
            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? n - back : n;
        }
        return n;
    }
}
