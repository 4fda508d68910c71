package org.actionalerts.inbound;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;
import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentService;
import org.actionalerts.consent.ConsentStatus;
import org.actionalerts.platform.Organisation;
import org.jdbi.v3.core.Jdbi;

/**
 * The link in every campaign email. GET only shows a page with a button, because mail scanners follow links;
 * POST unsubscribes, including RFC 8058 one-click from the mail client (body List-Unsubscribe=One-Click).
 */
@Path("/unsubscribe/{token}")
@Hidden
public class UnsubscribeResource {
    private final Jdbi jdbi;
    private final ConsentService consent;
    private final Organisation organisation;

    public UnsubscribeResource(Jdbi jdbi, ConsentService consent, Organisation organisation) {
        this.jdbi = jdbi;
        this.consent = consent;
        this.organisation = organisation;
    }

    private record Holder(long id, String language, ConsentStatus emailStatus) {}

    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public Response confirm(@PathParam("token") String token) {
        Optional<Holder> holder = find(token);
        if (holder.isEmpty()) {
            return notFound();
        }
        boolean es = "es".equals(holder.get().language());
        String body = es
                ? "<h1>Cancelar la suscripción</h1><p>¿Ya no quiere recibir correos de " + org() + "?</p>"
                  + "<form method=\"post\"><button type=\"submit\">Cancelar mi suscripción</button></form>"
                : "<h1>Unsubscribe</h1><p>Stop receiving email from " + org() + "?</p>"
                  + "<form method=\"post\"><button type=\"submit\">Unsubscribe me</button></form>";
        return Response.ok(page(es ? "es" : "en", body)).build();
    }

    @POST
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public Response unsubscribe(@PathParam("token") String token, String form) {
        Optional<Holder> holder = find(token);
        if (holder.isEmpty()) {
            return notFound();
        }
        String how = form != null && form.contains("List-Unsubscribe=One-Click") ? "one-click (RFC 8058)" : "unsubscribe page";
        jdbi.useTransaction(h -> consent.optOut(h, holder.get().id(), Channel.EMAIL, "unsubscribe-link", how));
        boolean es = "es".equals(holder.get().language());
        return Response.ok(page(es ? "es" : "en", es
                ? "<h1>Listo</h1><p>No recibirá más correos de " + org() + ".</p>"
                : "<h1>Done</h1><p>You will not get any more email from " + org() + ".</p>")).build();
    }

    private Optional<Holder> find(String token) {
        UUID uuid;
        try {
            uuid = UUID.fromString(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, language, email_status FROM supporters WHERE email_unsubscribe_token = :token")
                .bind("token", uuid)
                .map((rs, ctx) -> new Holder(rs.getLong("id"), rs.getString("language"),
                        ConsentStatus.fromWire(rs.getString("email_status"))))
                .findOne());
    }

    private String org() {
        String name = organisation.name();
        return name == null || name.isBlank() ? "us" : escape(name);
    }

    private static Response notFound() {
        return Response.status(404).type(MediaType.TEXT_HTML + ";charset=utf-8")
                .entity(page("en", "<h1>Link not recognised</h1><p>This unsubscribe link is not valid any more.</p>")).build();
    }

    private static String page(String lang, String body) {
        return "<!doctype html><html lang=\"" + lang + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Unsubscribe</title>"
                // A file, not a style attribute: the Content-Security-Policy allows no inline style. Relative, so it
                // also works behind a proxy that serves the service under a path.
                + "<link rel=\"stylesheet\" href=\"../pages/page.css\"></head>"
                + "<body>" + body + "</body></html>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
