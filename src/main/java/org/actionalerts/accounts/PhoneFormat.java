package org.actionalerts.accounts;

import java.util.Optional;

/**
 * How accounts normalises a user's phone number. Phone normalisation lives in supporters
 * ({@code supporters.PhoneNumbers}), which imports accounts (Caller, Role); accounts declares what it needs instead
 * of importing it back, and {@code ActionAlertsApplication} hands it {@code PhoneNumbers::toE164}.
 */
@FunctionalInterface
public interface PhoneFormat {
    /** The number in E.164, or empty when {@code raw} is not a valid, dialable number. */
    Optional<String> e164(String raw);
}
