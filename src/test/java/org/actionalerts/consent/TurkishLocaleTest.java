package org.actionalerts.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.actionalerts.support.TestDatabase;
import org.actionalerts.support.TurkishDefaultLocale;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.ColumnMappers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Status columns hold lower-case names ("subscribed"). Under a Turkish default locale {@code toUpperCase()} turns
 * the i into a dotted İ, so {@code valueOf(s.toUpperCase())} fails: the mapper and the rules must not depend on it.
 */
@ExtendWith(TurkishDefaultLocale.class)
class TurkishLocaleTest {
    @Test
    void theLocaleReallyBreaksUpperCasingWithoutARootLocale() {
        assertThat("subscribed".toUpperCase()).isNotEqualTo("SUBSCRIBED");
    }

    @Test
    void everyStatusReadsBackFromItsWireName() {
        for (ConsentStatus status : ConsentStatus.values()) {
            assertThat(status.wireName()).isEqualTo(status.name().toLowerCase(Locale.ROOT));
            assertThat(ConsentStatus.fromWire(status.wireName())).isEqualTo(status);
        }
        assertThatThrownBy(() -> ConsentStatus.fromWire("SUBSCRIBED")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRegisteredMapperReadsStatusColumnsFromPostgres() {
        Jdbi jdbi = Jdbi.create(TestDatabase.newDatabase(), "postgres", "");
        ConsentModule.register(jdbi);
        assertThat(jdbi.getConfig(ColumnMappers.class).findFor(ConsentStatus.class)).get()
                .isInstanceOf(ConsentStatusMapper.class);
        jdbi.useHandle(h -> {
            assertThat(h.createQuery("SELECT 'subscribed'").mapTo(ConsentStatus.class).one())
                    .isEqualTo(ConsentStatus.SUBSCRIBED);
            assertThat(h.createQuery("SELECT 'unsubscribed'").mapTo(ConsentStatus.class).one())
                    .isEqualTo(ConsentStatus.UNSUBSCRIBED);
            assertThat(h.createQuery("SELECT 'none'").mapTo(ConsentStatus.class).one()).isEqualTo(ConsentStatus.NONE);
            assertThat(h.createQuery("SELECT CAST(NULL AS text)").mapTo(ConsentStatus.class).findOne()).isEmpty();
        });
    }

    @Test
    void theRulesDecideTheSameUnderATurkishLocale() {
        ConsentStatus current = ConsentStatus.fromWire("subscribed");
        assertThat(ConsentRequest.OPT_OUT.decide(current)).contains(ConsentStatus.UNSUBSCRIBED);
        assertThat(ConsentRequest.OPT_IN_ON_BEHALF.decide(ConsentStatus.fromWire("none"))).contains(ConsentStatus.SUBSCRIBED);
        assertThat(ConsentRequest.OPT_IN_ON_BEHALF.decide(ConsentStatus.fromWire("unsubscribed"))).isEmpty();
    }
}
