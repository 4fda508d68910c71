package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which numbers automatic texts may go to: the country is libphonenumber's, not the calling code's. */
class SmsCountriesTest {
    @Test
    void onlyTheListedCountries() {
        SmsCountries us = SmsCountries.parse("US");
        assertThat(us.allows("+13015654807")).isTrue();
        assertThat(us.allows("+442079460018")).as("London").isFalse();
        assertThat(us.allows("+14165550123")).as("Toronto shares +1 with the US").isFalse();
        assertThat(us.allows("+18765550123")).as("Jamaica too").isFalse();
        assertThat(us.allows("not a number")).isFalse();
        assertThat(us.allows(null)).isFalse();

        SmsCountries two = SmsCountries.parse(" us , ca ");
        assertThat(two.codes()).containsExactly("US", "CA");
        assertThat(two.allows("+14165550123")).isTrue();
        assertThat(SmsCountries.parse("").allows("+13015654807")).as("blank: no automatic texts").isFalse();
    }

    @Test
    void theSettingIsReadFromTheSmsSection() throws Exception {
        var settings = io.dropwizard.jackson.Jackson.newObjectMapper().readValue(
                "{\"ratePerSecond\": 1, \"allowedCountries\": \"US,PR\"}", org.actionalerts.platform.SmsSettings.class);
        assertThat(SmsCountries.parse(settings.allowedCountries()).codes()).containsExactly("US", "PR");
    }

    @Test
    void anUnknownCodeIsRefused() {
        assertThatThrownBy(() -> SmsCountries.parse("US,USA")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("USA");
        assertThatThrownBy(() -> SmsCountries.parse("UK")).hasMessageContaining("UK");
    }
}
