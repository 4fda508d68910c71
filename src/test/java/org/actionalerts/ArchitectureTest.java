package org.actionalerts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house as DESIGN.md draws it: feature folders that depend on each other in one direction only and through
 * each other's services, records, enums and interfaces, a platform that knows no feature, gateways known only to
 * delivery, and each feature's tables written by that feature alone.
 */
class ArchitectureTest {
    /** The feature folders under org.actionalerts; a sub-package belongs to its feature. */
    private static final String[] FEATURES = {"accounts", "actions", "assistance", "audit", "campaigns", "consent",
            "delivery", "inbound", "lists", "supporters"};

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.actionalerts");
    }

    @Test
    void featureFoldersHaveNoCycles() {
        slices().matching("org.actionalerts.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void platformImportsNoFeature() {
        noClasses().that().resideInAPackage("org.actionalerts.platform..")
                .should().dependOnClassesThat().resideInAnyPackage(featurePackages("platform"))
                .check(main);
    }

    @Test
    void consentImportsNoFeature() {
        noClasses().that().resideInAPackage("org.actionalerts.consent..")
                .should().dependOnClassesThat().resideInAnyPackage(featurePackages("consent"))
                .check(main);
    }

    /**
     * Supporters imports accounts (Caller, Role), so accounts never imports supporters, even where that would not
     * yet close a cycle: what it needs from there (phone normalisation) it declares, as {@code accounts.PhoneFormat}.
     */
    @Test
    void accountsImportsNotSupporters() {
        noClasses().that().resideInAPackage("org.actionalerts.accounts..")
                .should().dependOnClassesThat().resideInAPackage("org.actionalerts.supporters..")
                .check(main);
    }

    /** Only delivery knows the gateways; within delivery, only the gateway factories know which adapter is used. */
    @Test
    void onlyDeliveryKnowsTheGateways() {
        noClasses().that().resideOutsideOfPackages("org.actionalerts.delivery..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.actionalerts.delivery.sms.twilio..", "org.actionalerts.delivery.email.smtp..")
                .check(main);
        noClasses().that().resideInAPackage("org.actionalerts.delivery")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.actionalerts.delivery.sms.twilio..", "org.actionalerts.delivery.email.smtp..")
                .because("the generic outbox (claims, receipts, recorder) speaks of outcomes, not of one provider")
                .check(main);
    }

    /**
     * What other features may use of a feature besides its {@code *Service} and {@code *Module} classes: named entry
     * points, each documented as the one way to do its thing.
     */
    private static final Map<String, String> ENTRY_POINTS = Map.of(
            "org.actionalerts.delivery.Outbox", "every outbox row is written through it",
            "org.actionalerts.delivery.DeliveryReceipts", "delivery's intake of the provider's status callbacks",
            "org.actionalerts.audit.AuditLog", "every audit row is written through it, in the caller's transaction",
            "org.actionalerts.supporters.SupporterDirectory", "the one find-or-create of supporters",
            "org.actionalerts.supporters.SupporterErasure", "the one way a person is erased",
            "org.actionalerts.inbound.ReceivedTexts", "what other features may read or erase of the texts we received",
            "org.actionalerts.accounts.TokenAuthenticator", "the one authenticator, for Jersey and the plain servlets");

    /**
     * Helpers other features use although they are neither a service nor a record, each for a reason. (Not listed:
     * actions' short links read the code length and alphabet of {@code campaigns.ActionLink}, constants that javac
     * copies into the caller, so ArchUnit sees no dependency.)
     */
    private static final Map<String, String> EXCEPTIONS = Map.of(
            "org.actionalerts.delivery.SmsCountries", "SMS_ALLOWED_COUNTRIES, a value each module's automatic texts obey",
            "org.actionalerts.delivery.SmsSegments", "one GSM 03.38 segment count, campaigns' previews and costs too",
            "org.actionalerts.supporters.PhoneNumbers", "phone normalisation lives in supporters (DESIGN.md)",
            "org.actionalerts.supporters.SupporterFields", "one check of contact fields, for help requests too",
            "org.actionalerts.inbound.Keywords", "assistance folds a text as inbound does",
            "org.actionalerts.consent.ConsentBatch", "the CSV import writes consent in bulk, in its own transaction");

    /**
     * A class in one feature depends on another feature only through that feature's services (and modules, and the
     * {@link #ENTRY_POINTS}), records, enums and interfaces; the rest of a feature is its own (mostly package-private).
     * Jdbi SqlObject interfaces count as interfaces: campaigns and assistance read through SupporterDao, for one.
     */
    @Test
    void featuresMeetOnlyThroughTheirSurface() {
        classes().that().resideInAnyPackage(featurePackages(""))
                .should(new ArchCondition<JavaClass>("depend on other features only through their services, records, "
                        + "enums and interfaces") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        crossFeature(origin).filter(d -> !onSurface(d.getTargetClass().getBaseComponentType()))
                                .forEach(d -> events.add(SimpleConditionEvent.violated(d, d.getDescription())));
                    }
                })
                .check(main);
    }

    /** An exception that nothing needs any more comes off the list. */
    @Test
    void everyExceptionIsStillNeeded() {
        Set<String> used = main.stream().flatMap(ArchitectureTest::crossFeature)
                .map(d -> topLevel(d.getTargetClass().getBaseComponentType()).getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(used).containsAll(EXCEPTIONS.keySet());
    }

    private static boolean onSurface(JavaClass target) {
        String name = topLevel(target).getName();
        return target.isRecord() || target.isEnum() || target.isInterface() || target.isAnnotation()
                || name.endsWith("Service") || name.endsWith("Module")
                || ENTRY_POINTS.containsKey(name) || EXCEPTIONS.containsKey(name);
    }

    /** The dependencies of {@code origin} on a feature other than its own. */
    private static Stream<Dependency> crossFeature(JavaClass origin) {
        String from = feature(origin);
        return from == null ? Stream.empty() : origin.getDirectDependenciesFromSelf().stream().filter(d -> {
            String to = feature(d.getTargetClass().getBaseComponentType());
            return to != null && !to.equals(from);
        });
    }

    /** The feature folder a class is in, or null (platform, the application, libraries). */
    private static String feature(JavaClass c) {
        String p = c.getPackageName();
        return Stream.of(FEATURES)
                .filter(f -> p.equals("org.actionalerts." + f) || p.startsWith("org.actionalerts." + f + "."))
                .findFirst().orElse(null);
    }

    private static JavaClass topLevel(JavaClass c) {
        while (c.getEnclosingClass().isPresent()) {
            c = c.getEnclosingClass().get();
        }
        return c;
    }

    /**
     * Table → the feature folder whose code alone may write it. campaign_people and its change notes are written by
     * the database (triggers and campaign_people_drain, migration 0026) and by no Java code at all: "migrations" is
     * no feature folder.
     */
    private static final Map<String, String> OWNERS = Map.of(
            "outbox", "delivery", "consent_events", "consent", "audit_log", "audit", "supporters", "supporters",
            "campaign_people", "migrations", "campaign_people_changes", "migrations");
    private static final Pattern WRITE = Pattern.compile(
            "\\b(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+(outbox|consent_events|audit_log|supporters|campaign_people|campaign_people_changes)\\b",
            Pattern.CASE_INSENSITIVE);

    /**
     * No SQL outside a feature writes its tables. The consent status columns of {@code supporters} are consent's
     * (it alone writes a consent status), so consent may UPDATE supporters.
     */
    @Test
    void eachFeatureAloneWritesItsTables() {
        assertThat(writesOutsideTheirOwner(Set.of("outbox", "consent_events", "audit_log"))).isEmpty();
    }

    /** The report's people follow the facts through the database alone; code that wrote them could disagree. */
    @Test
    void onlyTheDatabaseWritesTheReportsPeople() {
        assertThat(writesOutsideTheirOwner(Set.of("campaign_people", "campaign_people_changes"))).isEmpty();
    }

    /** One find-or-create for supporters: only supporters/ inserts (or deletes) a supporter. */
    @Test
    void onlySupportersWritesSupporters() {
        assertThat(writesOutsideTheirOwner(Set.of("supporters"))).isEmpty();
    }

    static List<String> writesOutsideTheirOwner(Set<String> tables) {
        Path root = Path.of("src/main/java/org/actionalerts");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = root.relativize(file);
                String feature = relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
                Matcher m = WRITE.matcher(Files.readString(file));
                while (m.find()) {
                    String table = m.group(2).toLowerCase(Locale.ROOT);
                    String verb = m.group(1).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
                    boolean consentStatus = table.equals("supporters") && verb.equals("UPDATE") && feature.equals("consent");
                    if (tables.contains(table) && !OWNERS.get(table).equals(feature) && !consentStatus) {
                        found.add(relative + ": " + verb + " " + table);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** The scan would see a write where there is one (so its silence means something). */
    @Test
    void theScanSeesAWrite() {
        assertThat(WRITE.matcher("h.createUpdate(\"\"\"\n    insert into\n   outbox (kind) VALUES ('x')").find()).isTrue();
        assertThat(WRITE.matcher("SELECT 1 FROM outbox FOR UPDATE OF o SKIP LOCKED").find()).isFalse();
    }

    private static String[] featurePackages(String except) {
        return Stream.of(FEATURES).filter(f -> !f.equals(except)).map(f -> "org.actionalerts." + f + "..")
                .toArray(String[]::new);
    }
}
