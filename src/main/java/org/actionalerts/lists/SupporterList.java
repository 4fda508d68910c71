package org.actionalerts.lists;

/** A named list of supporters, e.g. "Frederick County rapid response". */
public record SupporterList(long id, String name, int size) {}
