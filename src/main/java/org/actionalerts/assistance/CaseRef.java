package org.actionalerts.assistance;

/** A case just opened: enough to tell the requester and the on-call attorneys about it. */
public record CaseRef(long id, String reference, String queue, String priority) {}
