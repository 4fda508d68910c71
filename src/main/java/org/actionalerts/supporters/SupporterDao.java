package org.actionalerts.supporters;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Supporter.class)
public interface SupporterDao {
    String COLUMNS = "id, first_name, last_name, phone, email, language, state, county, postal_code, tags, "
            + "sms_status, email_status, created_at, updated_at";

    @SqlUpdate("""
            INSERT INTO supporters (first_name, last_name, phone, email, language, state, county, postal_code, tags)
            VALUES (:firstName, :lastName, :phone, :email, COALESCE(:language, 'en'), :state, :county, :postalCode, :tags)""")
    @GetGeneratedKeys({"id"})
    long insert(@BindMethods SupporterDetails details);

    @SqlBatch("""
            INSERT INTO supporters (first_name, last_name, phone, email, language, state, county, postal_code, tags)
            VALUES (:firstName, :lastName, :phone, :email, COALESCE(:language, 'en'), :state, :county, :postalCode, :tags)""")
    @GetGeneratedKeys({"id"})
    long[] insertAll(@BindMethods List<SupporterDetails> details);

    @SqlUpdate("""
            UPDATE supporters SET first_name = :d.firstName, last_name = :d.lastName, phone = :d.phone, email = :d.email,
              language = COALESCE(:d.language, 'en'), state = :d.state, county = :d.county, postal_code = :d.postalCode, tags = :d.tags,
              email_unsubscribe_token = CASE WHEN lower(email) IS DISTINCT FROM lower(:d.email)
                                             THEN gen_random_uuid() ELSE email_unsubscribe_token END,
              updated_at = now()
            WHERE id = :id""")
    void update(@Bind("id") long id, @BindMethods("d") SupporterDetails details);

    @SqlBatch("""
            UPDATE supporters SET first_name = :d.firstName, last_name = :d.lastName, phone = :d.phone, email = :d.email,
              language = COALESCE(:d.language, 'en'), state = :d.state, county = :d.county, postal_code = :d.postalCode, tags = :d.tags,
              updated_at = now()
            WHERE id = :id""")
    void updateAll(@Bind("id") List<Long> ids, @BindMethods("d") List<SupporterDetails> details);

    @SqlQuery("SELECT " + COLUMNS + " FROM supporters WHERE id = :id")
    Optional<Supporter> find(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM supporters WHERE id = :id FOR UPDATE")
    Optional<Supporter> findForUpdate(@Bind("id") long id);

    @SqlQuery("SELECT id FROM supporters WHERE phone = :phone")
    Optional<Long> idByPhone(@Bind("phone") String phone);

    @SqlQuery("SELECT id FROM supporters WHERE lower(email) = lower(:email)")
    Optional<Long> idByEmail(@Bind("email") String email);

    /** Everyone matching any of the given phones or (lower-cased) emails: one round trip per import batch. */
    @SqlQuery("SELECT " + COLUMNS + " FROM supporters WHERE phone = ANY(:phones)"
            + " UNION SELECT " + COLUMNS + " FROM supporters WHERE lower(email) = ANY(:emails)")
    List<Supporter> findByPhonesOrEmails(@Bind("phones") String[] phones, @Bind("emails") String[] emails);

    @SqlQuery("""
            SELECT""" + " " + COLUMNS + """
             FROM supporters
            WHERE (CAST(:state AS text) IS NULL OR state = :state)
              AND (CAST(:county AS text) IS NULL OR lower(county) = lower(:county))
              AND (CAST(:tag AS text) IS NULL OR tags @> ARRAY[CAST(:tag AS text)])
              AND (CAST(:q AS text) IS NULL
                   OR concat_ws(' ', first_name, last_name) ILIKE '%' || :q || '%'
                   OR email ILIKE '%' || :q || '%'
                   OR (CAST(:qPhone AS text) IS NOT NULL AND phone LIKE '%' || :qPhone || '%'))
              AND id > :after
            ORDER BY id
            LIMIT :limit""")
    List<Supporter> list(@Bind("state") String state, @Bind("county") String county, @Bind("tag") String tag,
                         @Bind("q") String q, @Bind("qPhone") String qPhone, @Bind("after") long after,
                         @Bind("limit") int limit);

    @SqlUpdate("DELETE FROM supporters WHERE id = :id")
    int delete(@Bind("id") long id);
}
