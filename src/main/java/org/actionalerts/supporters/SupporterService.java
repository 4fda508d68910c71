package org.actionalerts.supporters;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.actionalerts.accounts.Caller;
import org.actionalerts.accounts.Role;
import org.actionalerts.audit.Actor;
import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentService;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.platform.paging.Page;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Creating, changing, finding and erasing supporters; consent changes go through {@link ConsentService}. */
public class SupporterService {
    private final Jdbi jdbi;
    private final ConsentService consent;
    private final SupporterErasure erasure;
    private final OpenRequests openRequests;

    public SupporterService(Jdbi jdbi, ConsentService consent, SupporterErasure erasure, OpenRequests openRequests) {
        this.jdbi = jdbi;
        this.consent = consent;
        this.erasure = erasure;
        this.openRequests = openRequests;
    }

    public Supporter create(SupporterInput input, String actor) {
        SupporterFields fields = new SupporterFields();
        SupporterDetails details = SupporterDetails.from(input, fields);
        requireValid(fields, details);
        return jdbi.inTransaction(h -> {
            SupporterDao dao = h.attach(SupporterDao.class);
            rejectTakenContact(dao, details, null);
            long id = dao.insert(details);
            applyInitialConsent(h, id, details, input, "api", "created by " + actor);
            return dao.find(id).orElseThrow();
        });
    }

    /**
     * Sign-up opt-ins, unless the number or address was suppressed when an earlier record of the person was
     * erased after they unsubscribed: then it starts out unsubscribed and stays so until they opt in themselves.
     */
    void applyInitialConsent(Handle h, long id, SupporterDetails details, SupporterInput input, String source, String evidence) {
        startConsent(h, id, Channel.SMS, details.phone(), input.smsOptIn(), source, evidence);
        startConsent(h, id, Channel.EMAIL, details.email(), input.emailOptIn(), source, evidence);
    }

    private void startConsent(Handle h, long id, Channel channel, String address, Boolean optIn, String source,
                              String evidence) {
        if (address != null && !consent.optOutIfSuppressed(h, id, channel, address) && Boolean.TRUE.equals(optIn)) {
            consent.optIn(h, id, channel, source, evidence);
        }
    }

    public Supporter get(long id) {
        return jdbi.withHandle(h -> h.attach(SupporterDao.class).find(id)).orElseThrow(() -> ApiException.notFound("Supporter"));
    }

    /**
     * Changes the fields given. {@code smsOptIn:false} / {@code emailOptIn:false} record an opt-out the person
     * asked staff for; {@code true} subscribes only someone who never unsubscribed.
     */
    public Supporter patch(long id, SupporterInput input, String actor) {
        return jdbi.inTransaction(h -> {
            SupporterDao dao = h.attach(SupporterDao.class);
            Supporter current = dao.findForUpdate(id).orElseThrow(() -> ApiException.notFound("Supporter"));
            SupporterFields fields = new SupporterFields();
            SupporterDetails details = SupporterDetails.of(current).patchedWith(input, fields);
            requireValid(fields, details);
            rejectTakenContact(dao, details, id);
            dao.update(id, details);
            suppressIfNew(h, id, Channel.SMS, current.phone(), details.phone());
            suppressIfNew(h, id, Channel.EMAIL, current.email(), details.email());
            String evidence = "requested through " + actor;
            applyConsentChange(h, id, Channel.SMS, input.smsOptIn(), details.phone() != null, evidence);
            applyConsentChange(h, id, Channel.EMAIL, input.emailOptIn(), details.email() != null, evidence);
            return dao.find(id).orElseThrow();
        });
    }

    /**
     * A number or address new to this record that an erased person had unsubscribed stays blocked: whatever
     * consent the record had was given for another number or address.
     */
    private void suppressIfNew(Handle h, long id, Channel channel, String before, String after) {
        boolean changed = after != null && (before == null || !before.equalsIgnoreCase(after));
        if (changed) {
            consent.optOutIfSuppressed(h, id, channel, after);
        }
    }

    private void applyConsentChange(Handle h, long id, Channel channel, Boolean optIn, boolean hasAddress, String evidence) {
        if (Boolean.FALSE.equals(optIn)) {
            consent.optOut(h, id, channel, "staff", evidence);
        } else if (Boolean.TRUE.equals(optIn) && hasAddress) {
            consent.optIn(h, id, channel, "staff", evidence);
        }
    }

    public Page<Supporter> list(SupporterQuery query) {
        String qPhone = query.q() == null ? null : digitsForSearch(query.q());
        List<Supporter> rows = jdbi.withHandle(h -> h.attach(SupporterDao.class).list(
                query.state(), query.county(), query.tag(), likeLiteral(query.q()), qPhone, query.after(), query.limit() + 1));
        return Page.of(rows, query.limit(), s -> String.valueOf(s.id()));
    }

    /**
     * Erasure: the person goes from every table (see {@link SupporterErasure}); an unsubscribed number or address
     * is kept as a digest so it stays blocked. Someone still waiting for legal help is erased only by an admin, and
     * their open cases go with them; staff get a 409.
     */
    public void delete(long id, Caller caller) {
        jdbi.useTransaction(h -> {
            Supporter s = h.attach(SupporterDao.class).findForUpdate(id).orElseThrow(() -> ApiException.notFound("Supporter"));
            if (!caller.role().includes(Role.ADMIN) && openRequests.hasOpen(h, id)) {
                throw new ApiException(409, "This person has an open request for legal help. It must be resolved before "
                        + "staff can erase them; an admin can erase them now, and the open request with them.",
                        List.of(), Map.of("reason", "open-case"));
            }
            erasure.erase(h, s, Actor.of(caller));
        });
    }

    private static void requireValid(SupporterFields fields, SupporterDetails details) {
        if (fields.valid() && !details.reachable()) {
            fields.errors().add(new org.actionalerts.platform.errors.ApiError.FieldError("phone", "a phone or an email is required"));
        }
        if (!fields.valid()) {
            throw ApiException.invalid(fields.errors());
        }
    }

    /** 409 naming the other supporter when the phone or email is already theirs. */
    private static void rejectTakenContact(SupporterDao dao, SupporterDetails details, Long self) {
        Optional<Long> owner = Optional.empty();
        String field = null;
        if (details.phone() != null) {
            owner = dao.idByPhone(details.phone()).filter(other -> !other.equals(self));
            field = "phone";
        }
        if (owner.isEmpty() && details.email() != null) {
            owner = dao.idByEmail(details.email()).filter(other -> !other.equals(self));
            field = "email";
        }
        if (owner.isPresent()) {
            throw new ApiException(409, "This " + field + " already belongs to another supporter", List.of(),
                    Map.of("existingId", owner.get()));
        }
    }

    /** The search text matched literally: % and _ in it are not wildcards. */
    private static String likeLiteral(String q) {
        return q == null ? null : q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String digitsForSearch(String q) {
        Optional<String> e164 = PhoneNumbers.toE164(q);
        if (e164.isPresent()) {
            return e164.get();
        }
        String digits = q.replaceAll("\\D", "");
        return digits.length() >= 4 ? digits : null;
    }
}
