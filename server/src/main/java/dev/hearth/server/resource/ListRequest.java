package dev.hearth.server.resource;

import dev.hearth.server.http.ApiError;

/**
 * The standard list parameters. {@code pageSize} defaults to 50 and is capped at 200, as the docs say;
 * {@code readMask} is kept raw because its allowed paths depend on the resource.
 */
public record ListRequest(int pageSize, String pageToken, String filter, String orderBy, String readMask) {
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 200;

    /** Parses {@code pageSize} from its query-string form; blank means the default. */
    public static int parsePageSize(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_PAGE_SIZE;
        }
        int size;
        try {
            size = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw ApiError.invalid("pageSize", "\"" + raw + "\" is not an integer");
        }
        if (size < 0) {
            throw ApiError.invalid("pageSize", "must not be negative, got " + size);
        }
        return size == 0 ? DEFAULT_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE);
    }
}
