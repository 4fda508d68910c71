package org.actionalerts.platform.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import io.dropwizard.logging.common.PrefixedRootCauseFirstThrowableProxyConverter;

/**
 * Dropwizard's stack traces (root cause first, each line prefixed), with phone numbers and email addresses masked:
 * an exception's message can quote a value as easily as a log message can. The log format names it {@code %maskedEx}.
 */
public class MaskingThrowableConverter extends PrefixedRootCauseFirstThrowableProxyConverter {
    public static final String WORD = "maskedEx";

    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return Masking.text(super.throwableProxyToString(tp));
    }
}
