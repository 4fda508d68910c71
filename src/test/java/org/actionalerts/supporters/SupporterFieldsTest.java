package org.actionalerts.supporters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.actionalerts.platform.errors.ApiError.FieldError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The normalisation table: what staff type or import, and what we store. */
class SupporterFieldsTest {

    @ParameterizedTest
    @ValueSource(strings = {"(301) 565-4807", "301.565.4807", "+1 301 565 4807", "13015654807", "301-565-4807",
            " 3015654807 ", "+13015654807", "1 (301) 565-4807"})
    void commonWaysOfWritingAUsNumberAllBecomeE164(String written) {
        assertThat(PhoneNumbers.toE164(written)).contains("+13015654807");
    }

    @Test
    void internationalNumbersKeepTheirCountry() {
        assertThat(PhoneNumbers.toE164("+52 55 1234 5678")).contains("+525512345678");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "555-1234", "(000) 000-0000", "not a phone", "301565480712345", "+1 301 565 48"})
    void invalidNumbersAreRefusedNamingTheField(String written) {
        SupporterFields fields = new SupporterFields();
        assertThat(fields.phone("phone", written)).isNull();
        assertThat(fields.errors()).extracting(FieldError::field).containsExactly("phone");
    }

    @Test
    void blankPhoneMeansNotGivenAndIsNoError() {
        SupporterFields fields = new SupporterFields();
        assertThat(fields.phone("phone", "  ")).isNull();
        assertThat(fields.valid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ana@example.org", "Ana.Lopez+alerts@Example.ORG", " ana@example.org "})
    void validEmailsAreKeptTrimmed(String written) {
        SupporterFields fields = new SupporterFields();
        assertThat(fields.email("email", written)).isEqualTo(written.strip());
        assertThat(fields.valid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ana", "ana@", "@example.org", "ana@example", "ana@@example.org", "ana example@x.org",
            "Ana <ana@example.org>", "ana@-example.org"})
    void invalidEmailsAreRefused(String written) {
        SupporterFields fields = new SupporterFields();
        assertThat(fields.email("email", written)).isNull();
        assertThat(fields.errors()).extracting(FieldError::field).containsExactly("email");
    }

    @ParameterizedTest
    @CsvSource({"es-MX,es", "ES,es", "es,es", "en-US,en", "en_GB,en", "zh-Hant-TW,zh", "mam,mam", "' fr ',fr"})
    void languageBecomesItsPrimaryTag(String written, String stored) {
        SupporterFields fields = new SupporterFields();
        assertThat(fields.language("language", written)).isEqualTo(stored);
        assertThat(fields.valid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"spanish", "x", "12", "e$"})
    void invalidLanguagesAreRefused(String written) {
        SupporterFields fields = new SupporterFields();
        assertThat(fields.language("language", written)).isNull();
        assertThat(fields.errors()).extracting(FieldError::field).containsExactly("language");
    }

    @ParameterizedTest
    @CsvSource({"MD,MD", "md,MD", "DC,DC", "dc,DC", "PR,PR", "' tx ',TX"})
    void statesAreUspsCodes(String written, String stored) {
        SupporterFields fields = new SupporterFields();
        assertThat(fields.state("state", written)).isEqualTo(stored);
        assertThat(fields.valid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"XX", "Maryland", "M", "ZZ"})
    void unknownStatesAreRefused(String written) {
        SupporterFields fields = new SupporterFields();
        assertThat(fields.state("state", written)).isNull();
        assertThat(fields.errors()).extracting(FieldError::field).containsExactly("state");
    }

    @Test
    void countyIsKeptAsGivenButTrimmed() {
        SupporterFields fields = new SupporterFields();
        assertThat(fields.text("county", "  Frederick County ")).isEqualTo("Frederick County");
        assertThat(fields.text("county", "Prince George's County")).isEqualTo("Prince George's County");
    }

    @Test
    void tagsAreTrimmedBlankOnesDroppedAndDuplicatesRemovedInOrder() {
        SupporterFields fields = new SupporterFields();
        assertThat(fields.tags("tags", List.of(" rapid-response", "287g", "rapid-response ", "", "  ", "287g")))
                .containsExactly("rapid-response", "287g");
        assertThat(fields.valid()).isTrue();
    }
}
