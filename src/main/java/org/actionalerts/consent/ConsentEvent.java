package org.actionalerts.consent;

import java.time.Instant;

/** One change of a supporter's consent on one channel: what, where it came from, and the evidence. */
public record ConsentEvent(Channel channel, ConsentStatus status, String source, Instant at, String evidence) {}
