package org.actionalerts.platform.paging;

import org.actionalerts.platform.errors.ApiException;

/** Checks {@code limit} and {@code after} query parameters. Cursors are the last id seen. */
public final class PageRequest {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    private PageRequest() {}

    public static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    /**
     * The same from the raw query text. Take {@code limit} as a String in resources: an Integer parameter makes
     * Jersey answer "limit=abc" with 404 instead of 422.
     */
    public static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            return limit(Integer.valueOf(limit.trim()));
        } catch (NumberFormatException e) {
            throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
    }

    public static long after(String after) {
        if (after == null || after.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(after.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("after", "is not a cursor returned by this list");
        }
    }
}
