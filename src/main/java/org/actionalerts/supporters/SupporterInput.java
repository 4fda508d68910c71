package org.actionalerts.supporters;

import java.util.List;

/**
 * A supporter as sent by a client (POST, PATCH) or read from a CSV row, before checking.
 * In a PATCH a missing (null) field is left as it is; an empty string clears an optional field.
 */
public record SupporterInput(String firstName, String lastName, String phone, String email, String language,
                             String state, String county, String postalCode, List<String> tags,
                             Boolean smsOptIn, Boolean emailOptIn) {}
