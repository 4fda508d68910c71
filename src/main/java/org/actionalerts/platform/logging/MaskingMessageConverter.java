package org.actionalerts.platform.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Replaces logback's %m/%msg/%message so that every log line, ours or a library's, has phone numbers
 * and email addresses masked before it is written.
 */
public class MaskingMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Masking.text(super.convert(event));
    }

    /** Must run before logging is configured. */
    public static void install() {
        for (String word : new String[] {"m", "msg", "message"}) {
            PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.put(word, MaskingMessageConverter::new);
        }
        // Stack traces too: config.yml's log format ends in %maskedEx instead of Dropwizard's %dwREx.
        PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.put(MaskingThrowableConverter.WORD, MaskingThrowableConverter::new);
    }
}
