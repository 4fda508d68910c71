package org.actionalerts.assistance;

import java.util.List;
import org.actionalerts.accounts.User;
import org.actionalerts.accounts.UserDao;
import org.actionalerts.delivery.Outbox;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the on-call attorneys of a queue about an urgent case, by text and email, through the outbox. Only the
 * reference and a link: never the requester's words, since an attorney's phone screen may be seen by others.
 * A queue with nobody on call falls back to the default queue's on-call attorneys rather than to no one.
 */
public class UrgentNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(UrgentNotifier.class);

    private final String publicBaseUrl;
    private final String defaultQueue;
    private final Outbox outbox;

    public UrgentNotifier(String publicBaseUrl, String defaultQueue, Outbox outbox) {
        this.outbox = outbox;
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        this.defaultQueue = defaultQueue;
    }

    /** Returns how many messages were queued. */
    public int notify(Handle h, CaseRef ref) {
        UserDao users = h.attach(UserDao.class);
        List<User> onCall = users.onCallFor(ref.queue());
        if (onCall.isEmpty() && !ref.queue().equals(defaultQueue)) {
            onCall = users.onCallFor(defaultQueue);
        }
        if (onCall.isEmpty()) {
            LOG.warn("Urgent case {} in queue {}: nobody is on call", ref.id(), ref.queue());
            return 0;
        }
        String text = text(ref);
        int queued = 0;
        for (User u : onCall) {
            if (u.phone() != null) {
                outbox.notification(h, "sms", u.phone(), null, text);
                queued++;
            }
            if (u.email() != null) {
                outbox.notification(h, "email", u.email(), "URGENT help request " + ref.reference(), text);
                queued++;
            }
        }
        return queued;
    }

    String text(CaseRef ref) {
        return "URGENT help request " + ref.reference() + " in queue " + ref.queue() + ". Open: " + link(ref.id());
    }

    public String link(long caseId) {
        return publicBaseUrl + "/queue#" + caseId;
    }
}
