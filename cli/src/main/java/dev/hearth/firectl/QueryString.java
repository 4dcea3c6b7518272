package dev.hearth.firectl;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** Builds {@code ?a=1&b=2}, skipping absent values and percent-encoding the rest. */
final class QueryString {
    private final StringJoiner params = new StringJoiner("&", "?", "").setEmptyValue("");

    QueryString add(String name, Object value) {
        if (value != null && !value.toString().isEmpty()) {
            params.add(name + "=" + encode(value.toString()));
        }
        return this;
    }

    /** Percent-encodes a query value or path segment; spaces become %20, which every server reads as a space. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return params.toString();
    }
}
