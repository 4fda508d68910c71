package org.actionalerts.assistance;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * First-response targets per priority: a plain duration ("1h") or business days ("2 business days", weekends
 * skipped in the organisation's time zone). Also the promise the acknowledgement makes, in the requester's language.
 */
final class Sla {
    private static final Pattern BUSINESS_DAYS = Pattern.compile("\\s*(\\d+)\\s+business\\s+days?\\s*");

    private record Target(java.time.Duration duration, int businessDays) {}

    private final Target urgent;
    private final Target normal;
    private final ZoneId zone;

    public Sla(AssistanceSettings settings) {
        this.urgent = parse(settings.slaUrgent());
        this.normal = parse(settings.slaNormal());
        this.zone = ZoneId.of(settings.businessTimeZone());
    }

    public Instant dueAt(String priority, Instant from) {
        Target t = target(priority);
        if (t.duration() != null) {
            return from.plus(t.duration());
        }
        ZonedDateTime due = from.atZone(zone);
        int added = 0;
        while (added < t.businessDays()) {
            due = due.plusDays(1);
            if (due.getDayOfWeek() != DayOfWeek.SATURDAY && due.getDayOfWeek() != DayOfWeek.SUNDAY) {
                added++;
            }
        }
        return due.toInstant();
    }

    /** "within 1 hour" / "en 1 hora", "within 2 business days" / "en 2 días hábiles". */
    public String promise(String priority, String language) {
        Target t = target(priority);
        boolean es = "es".equals(language);
        if (t.duration() == null) {
            int n = t.businessDays();
            return es ? "en " + n + (n == 1 ? " día hábil" : " días hábiles")
                    : "within " + n + (n == 1 ? " business day" : " business days");
        }
        long minutes = t.duration().toMinutes();
        if (minutes % 60 == 0) {
            long h = minutes / 60;
            return es ? "en " + h + (h == 1 ? " hora" : " horas") : "within " + h + (h == 1 ? " hour" : " hours");
        }
        return es ? "en " + minutes + " minutos" : "within " + minutes + " minutes";
    }

    private Target target(String priority) {
        return "urgent".equals(priority) ? urgent : normal;
    }

    private static Target parse(String text) {
        Matcher m = BUSINESS_DAYS.matcher(text);
        if (m.matches()) {
            return new Target(null, Integer.parseInt(m.group(1)));
        }
        return new Target(java.time.Duration.ofMillis(io.dropwizard.util.Duration.parse(text.trim()).toMilliseconds()), 0);
    }
}
