package org.actionalerts.platform.paging;

import java.util.List;
import java.util.function.Function;

/** One page of a list: {"items": [...], "next": cursor or null}. */
public record Page<T>(List<T> items, String next) {

    /** {@code rows} was fetched with limit + 1: the extra row only tells that there is a next page. */
    public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> cursor) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(List.copyOf(items), cursor.apply(items.get(limit - 1)));
    }
}
