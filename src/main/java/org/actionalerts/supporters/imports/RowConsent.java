package org.actionalerts.supporters.imports;

import java.util.ArrayList;
import java.util.List;
import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentRequest;
import org.actionalerts.consent.ConsentStatus;

/**
 * What a row's opt-in cells ask of a supporter's consent, decided by {@link ConsentRequest}: "yes" subscribes
 * only someone whose status is none; "no" ends a subscription (an explicit no in a spreadsheet is respected:
 * texting someone a list says not to is the worse mistake); a suppressed number or address is opted out whatever
 * the cells say.
 */
final class RowConsent {
    /** One event a row leads to, with why, for the evidence. */
    record Decision(Channel channel, ConsentStatus status, String why) {}

    private RowConsent() {}

    static List<Decision> decide(ImportRow row, ConsentStatus sms, ConsentStatus email, boolean smsSuppressed,
                                 boolean emailSuppressed) {
        List<Decision> decisions = new ArrayList<>(2);
        decide(decisions, row, Channel.SMS, sms, row.smsOptIn(), row.details().phone() != null, smsSuppressed);
        decide(decisions, row, Channel.EMAIL, email, row.emailOptIn(), row.details().email() != null, emailSuppressed);
        return decisions;
    }

    private static void decide(List<Decision> decisions, ImportRow row, Channel channel, ConsentStatus current,
                               Boolean optIn, boolean hasAddress, boolean suppressed) {
        ConsentRequest request;
        String why;
        if (suppressed) {
            request = ConsentRequest.SUPPRESSED;
            why = "unsubscribed before erasure (suppression list)";
        } else if (Boolean.TRUE.equals(optIn) && hasAddress) {
            request = ConsentRequest.OPT_IN_ON_BEHALF;
            why = "line " + row.line();
        } else if (Boolean.FALSE.equals(optIn)) {
            request = ConsentRequest.LIST_SAYS_NO;
            why = "line " + row.line();
        } else {
            return;
        }
        request.decide(current).ifPresent(status -> decisions.add(new Decision(channel, status, why)));
    }
}
