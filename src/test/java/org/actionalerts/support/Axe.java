package org.actionalerts.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * An automated accessibility check of the page open in a real browser, with axe-core (the WCAG 2 A and AA rules and
 * axe's best practices). axe-core comes from the npm registry: {@code .ci/run} installs it into {@code target/axe}
 * ({@code npm install --no-save --prefix target/axe axe-core@4}); it is not in the build because Maven Central did not
 * serve its webjar here. The script is read from that file and run inside the page; nothing is fetched by the page.
 */
public final class Axe {
    public static final Path SCRIPT = Path.of("target", "axe", "node_modules", "axe-core", "axe.min.js");

    private Axe() {}

    /** The serious and critical violations in the page as it is now, one line each (rule, impact, help, elements). */
    @SuppressWarnings("unchecked")
    public static List<String> seriousViolations(WebDriver browser) {
        if (!Files.isReadable(SCRIPT)) {
            throw new IllegalStateException("The accessibility check needs axe-core at " + SCRIPT.toAbsolutePath()
                    + ": run .ci/run, or `npm install --no-save --prefix target/axe axe-core@4`");
        }
        String axe;
        try {
            axe = Files.readString(SCRIPT, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        JavascriptExecutor js = (JavascriptExecutor) browser;
        // Injected through the driver, not as a <script> element: the page's CSP allows only its own files.
        js.executeScript(axe + "\n;window.__axe = axe;");
        Object result = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                window.__axe.run(document, {resultTypes: ['violations']})
                  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help,
                      nodes: v.nodes.map(n => n.target.join(' ') + (n.failureSummary ? ' — ' + n.failureSummary : ''))}))))
                  .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));""");
        List<String> serious = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) result) {
            String impact = (String) v.get("impact");
            if ("serious".equals(impact) || "critical".equals(impact)) {
                serious.add(v.get("id") + " (" + impact + "): " + v.get("help") + " " + v.get("nodes"));
            }
        }
        return serious;
    }
}
