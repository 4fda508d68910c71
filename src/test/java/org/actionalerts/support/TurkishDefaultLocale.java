package org.actionalerts.support;

import java.util.Locale;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs each test with the JVM's default locale Turkish, where {@code "i".toUpperCase()} is a dotted "İ", and
 * restores the locale afterwards. The default locale is global: it applies to the running app's threads too.
 */
public final class TurkishDefaultLocale implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TurkishDefaultLocale.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("before", Locale.getDefault());
        Locale.setDefault(new Locale("tr", "TR"));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Locale.setDefault(context.getStore(NAMESPACE).get("before", Locale.class));
    }
}
