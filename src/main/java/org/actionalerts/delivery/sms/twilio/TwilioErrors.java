package org.actionalerts.delivery.sms.twilio;

import java.util.Set;
import org.actionalerts.delivery.SendResult.Outcome;

/**
 * What a Twilio error code means for the dispatcher. Used for API answers and for the {@code ErrorCode} of
 * status callbacks alike.
 *
 * <p>Judgement calls:
 * <ul>
 *   <li>30007 (carrier filtering) is about one message, so it is {@code PERMANENT} for that message; the
 *       error code "30007" is what matters: the dispatcher counts 30007s and pauses the campaign
 *       ({@code SYSTEMIC}) when they come in a burst. One filtered text must not stop a campaign.</li>
 *   <li>21408 (no permission to send to that region) and 21612 (number not reachable from our sender) are
 *       {@code PERMANENT} for the recipient: other recipients still work, so pausing would be wrong.</li>
 *   <li>Our own sender configuration being wrong (21606, 21659 "From is not ours", 21603 "From missing") stops
 *       everything, so it is {@code SYSTEMIC}, like bad credentials (20003) and an inactive account (20005).</li>
 *   <li>An unknown code on a 4xx answer is {@code PERMANENT}: sending the same request again gets the same answer.
 *       An unknown code on a 5xx answer is {@code TRANSIENT}.</li>
 * </ul>
 */
final class TwilioErrors {

    /** {@link org.actionalerts.delivery.ProviderCodes#CARRIER_OPT_OUT}. */
    public static final int UNSUBSCRIBED_RECIPIENT = Integer.parseInt(org.actionalerts.delivery.ProviderCodes.CARRIER_OPT_OUT);
    /** {@link org.actionalerts.delivery.ProviderCodes#CARRIER_FILTERED}. */
    public static final int CARRIER_FILTERED = Integer.parseInt(org.actionalerts.delivery.ProviderCodes.CARRIER_FILTERED);

    private static final Set<Integer> PERMANENT = Set.of(
            21211, // invalid 'To' number
            21214, // 'To' number cannot be reached
            21217, // phone number does not appear to be valid
            21401, // invalid phone number
            21408, // permission to send to this region not enabled
            21612, // 'To' not reachable from this sender / via SMS
            21614, // 'To' is not a mobile number
            21617, // body exceeds 1600 characters
            30004, // message blocked by the recipient
            30005, // unknown destination handset
            30006, // landline or unreachable carrier
            CARRIER_FILTERED);
    private static final Set<Integer> SYSTEMIC = Set.of(
            20003, // authentication failed
            20005, // account not active (suspended or closed)
            20008, // resource not accessible with test credentials
            21603, // 'From' missing
            21606, // 'From' is not a valid SMS-capable number of ours
            21659, // 'From' is not a Twilio number
            30002, // account suspended (delivery report)
            30032); // toll-free number not verified
    private static final Set<Integer> TRANSIENT = Set.of(
            20429, // too many requests
            20500, // internal server error
            20503, // service unavailable
            30001, // queue overflow
            30008, // unknown error
            30003, // destination handset switched off or out of coverage: may work later
            30009); // missing segment

    private TwilioErrors() {}

    /** Classify a Twilio error code; {@code httpStatus} (or 0 when unknown) decides for codes not listed. */
    public static Outcome classify(Integer code, int httpStatus) {
        if (code != null) {
            if (code == UNSUBSCRIBED_RECIPIENT) {
                return Outcome.OPTED_OUT;
            }
            if (PERMANENT.contains(code)) {
                return Outcome.PERMANENT;
            }
            if (SYSTEMIC.contains(code)) {
                return Outcome.SYSTEMIC;
            }
            if (TRANSIENT.contains(code)) {
                return Outcome.TRANSIENT;
            }
        }
        return classifyStatus(httpStatus);
    }

    static Outcome classifyStatus(int httpStatus) {
        if (httpStatus == 401 || httpStatus == 403) {
            return Outcome.SYSTEMIC;
        }
        if (httpStatus == 429 || httpStatus >= 500 || httpStatus == 0 || httpStatus == 408) {
            return Outcome.TRANSIENT;
        }
        return Outcome.PERMANENT;
    }
}
