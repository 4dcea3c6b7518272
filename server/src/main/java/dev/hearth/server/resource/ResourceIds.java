package dev.hearth.server.resource;

import dev.hearth.server.http.ApiError;

/** Resource ID rules: 1–63 characters of a-z, 0-9 and '-', not starting with a digit or '-', not ending with '-'. */
public final class ResourceIds {
    private ResourceIds() {}

    /** Returns {@code id} when valid; otherwise throws a 400 naming {@code field} and the rule broken. */
    public static String validate(String field, String id) {
        String problem = problem(id);
        if (problem != null) {
            throw ApiError.invalid(field, problem);
        }
        return id;
    }

    /** The rule {@code id} breaks, or null when it is valid. */
    public static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "must not be empty";
        }
        if (id.length() > 63) {
            return "\"" + shorten(id) + "\" is " + id.length() + " characters long; the limit is 63";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return "\"" + shorten(id) + "\" contains '" + c + "'; IDs may contain only a-z, 0-9 and '-'";
            }
        }
        char first = id.charAt(0);
        if (first == '-' || Character.isDigit(first)) {
            return "\"" + id + "\" must start with a letter";
        }
        if (id.endsWith("-")) {
            return "\"" + id + "\" must not end with '-'";
        }
        return null;
    }

    private static String shorten(String id) {
        return id.length() <= 80 ? id : id.substring(0, 77) + "...";
    }
}
