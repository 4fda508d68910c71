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
