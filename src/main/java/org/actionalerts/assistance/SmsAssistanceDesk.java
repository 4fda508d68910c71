package org.actionalerts.assistance;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.actionalerts.inbound.AssistanceDesk;
import org.jdbi.v3.core.Handle;

/** {@link CaseIntake} as the inbound router's {@link AssistanceDesk}. */
public class SmsAssistanceDesk implements AssistanceDesk {
    private final CaseIntake intake;

    public SmsAssistanceDesk(CaseIntake intake) {
        this.intake = intake;
    }

    @Override
    public boolean isAssistanceRequest(String text) {
        return intake.isAssistanceKeyword(text);
    }

    @Override
    public Optional<Long> openCaseOf(Handle h, long supporterId) {
        return intake.openCaseFor(h, supporterId);
    }

    @Override
    public Set<Long> withOpenCase(Handle h, Collection<Long> supporterIds) {
        return intake.withOpenCase(h, supporterIds);
    }

    @Override
    public void openFromSms(Handle h, long supporterId, String body, String language, String messageSid) {
        intake.openFromSms(h, supporterId, body, language, messageSid);
    }

    @Override
    public void appendFromSms(Handle h, long caseId, String body) {
        intake.appendInbound(h, caseId, "sms", body);
    }
}
