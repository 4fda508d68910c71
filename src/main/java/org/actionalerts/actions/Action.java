package org.actionalerts.actions;

import java.time.Instant;

/**
 * What a person did for a campaign, and how we know: {@code source} reply (they texted an action keyword), staff
 * (recorded by hand) or import (a CSV such as a sign-in sheet). {@code type} call, attended, signed, other; reply
 * for an action reply. {@code at} is on the application clock.
 */
public record Action(long id, long campaignId, long supporterId, String type, String source, String note,
                     String recordedBy, Instant at) {}
