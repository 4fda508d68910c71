package org.actionalerts.supporters;

import java.time.Instant;
import java.util.List;
import org.actionalerts.consent.ConsentStatus;

/**
 * A person on our lists, as stored and as the API shows them. {@code actionCount} and {@code lastActionAt}: what
 * they did for campaigns (see the actions feature), derived from its facts.
 */
public record Supporter(long id, String firstName, String lastName, String phone, String email, String language,
                        String state, String county, String postalCode, List<String> tags,
                        ConsentStatus smsStatus, ConsentStatus emailStatus, Instant createdAt, Instant updatedAt,
                        long actionCount, Instant lastActionAt) {}
