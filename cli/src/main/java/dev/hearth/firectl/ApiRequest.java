package dev.hearth.firectl;

/** One REST call: method, path with query string, and an optional JSON body. */
record ApiRequest(String method, String path, Object body) {
    static ApiRequest get(String path) {
        return new ApiRequest("GET", path, null);
    }

    static ApiRequest post(String path, Object body) {
        return new ApiRequest("POST", path, body);
    }

    static ApiRequest patch(String path, Object body) {
        return new ApiRequest("PATCH", path, body);
    }

    static ApiRequest delete(String path) {
        return new ApiRequest("DELETE", path, null);
    }

    /** What {@code --dry-run} prints: the method and URL, then the pretty-printed body if there is one. */
    String describe(String baseUrl) {
        String line = method + " " + baseUrl.replaceAll("/+$", "") + path;
        return body == null ? line : line + System.lineSeparator() + PrettyJson.write(body);
    }
}
