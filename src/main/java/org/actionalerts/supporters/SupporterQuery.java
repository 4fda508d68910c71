package org.actionalerts.supporters;

/** Filters and page position for listing supporters; null filters match everyone. */
public record SupporterQuery(String state, String county, String tag, String q, long after, int limit) {}
