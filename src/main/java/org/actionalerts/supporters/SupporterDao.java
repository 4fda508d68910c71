package org.actionalerts.supporters;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Supporter.class)
public interface SupporterDao {
    String COLUMNS = "id, first_name, last_name, phone, email, language, state, county, postal_code, tags, "
            + "sms_status, email_status, created_at, updated_at, "
            + "(SELECT count(*) FROM actions act WHERE act.supporter_id = supporters.id) AS action_count, "
            + "(SELECT max(act.at) FROM actions act WHERE act.supporter_id = supporters.id) AS last_action_at";

    @SqlUpdate("""
            INSERT INTO supporters (first_name, last_name, phone, email, language, state, county, postal_code, tags)
            VALUES (:firstName, :lastName, :phone, :email, COALESCE(:language, 'en'), :state, :county, :postalCode, :tags)""")
    @GetGeneratedKeys({"id"})
    long insert(@BindMethods SupporterDetails details);


    @SqlUpdate("""
            UPDATE supporters SET first_name = :d.firstName, last_name = :d.lastName, phone = :d.phone, email = :d.email,
              language = COALESCE(:d.language, 'en'), state = :d.state, county = :d.county, postal_code = :d.postalCode, tags = :d.tags,
              email_unsubscribe_token = CASE WHEN lower(email) IS DISTINCT FROM lower(:d.email)
                                             THEN gen_random_uuid() ELSE email_unsubscribe_token END,
              updated_at = now()
            WHERE id = :id""")
    void update(@Bind("id") long id, @BindMethods("d") SupporterDetails details);


    /** Someone who wrote to us, added with what they gave; empty when the phone or email is taken meanwhile. */
    @SqlQuery("""
            INSERT INTO supporters (first_name, last_name, phone, email, language, state)
            VALUES (:firstName, :lastName, :phone, :email, COALESCE(:language, 'en'), :state)
            ON CONFLICT DO NOTHING RETURNING id""")
    Optional<Long> insertContact(@Bind("firstName") String firstName, @Bind("lastName") String lastName,
                                 @Bind("phone") String phone, @Bind("email") String email,
                                 @Bind("language") String language, @Bind("state") String state);

    @SqlQuery("SELECT id FROM supporters WHERE phone = :phone FOR UPDATE")
    Optional<Long> lockByPhone(@Bind("phone") String phone);

    @SqlQuery("SELECT id FROM supporters WHERE lower(email) = lower(:email) FOR UPDATE")
    Optional<Long> lockByEmail(@Bind("email") String email);

    @SqlQuery("SELECT " + COLUMNS + " FROM supporters WHERE id = :id")
    Optional<Supporter> find(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM supporters WHERE id = :id FOR UPDATE")
    Optional<Supporter> findForUpdate(@Bind("id") long id);

    @SqlQuery("SELECT id FROM supporters WHERE phone = :phone")
    Optional<Long> idByPhone(@Bind("phone") String phone);

    @SqlQuery("SELECT id FROM supporters WHERE lower(email) = lower(:email)")
    Optional<Long> idByEmail(@Bind("email") String email);

    /** Everyone matching any of the given phones or (lower-cased) emails: one round trip per import batch. */
    @SqlQuery("SELECT " + COLUMNS + " FROM supporters WHERE phone = ANY(:phones) OR lower(email) = ANY(:emails)")
    List<Supporter> findByPhonesOrEmails(@Bind("phones") String[] phones, @Bind("emails") String[] emails);

    /** What {@link #insertImported} gives back: enough to tell which row became which supporter. */
    record Inserted(long id, String phone, String email) {}

    /**
     * CSV import: inserts a whole batch with one statement, with the consent status each new person gets
     * (the caller appends the matching consent events in the same transaction). Element i of every array is
     * row i; {@code tags} holds one PostgreSQL array literal per row.
     */
    @SqlQuery("""
            INSERT INTO supporters (first_name, last_name, phone, email, language, state, county, postal_code, tags,
                                    sms_status, email_status)
            SELECT first_name, last_name, phone, email, COALESCE(language, 'en'), state, county, postal_code,
                   CAST(tags AS text[]), sms_status, email_status
              FROM unnest(CAST(:firstNames AS text[]), CAST(:lastNames AS text[]), CAST(:phones AS text[]),
                          CAST(:emails AS text[]), CAST(:languages AS text[]), CAST(:states AS text[]),
                          CAST(:counties AS text[]), CAST(:postalCodes AS text[]), CAST(:tags AS text[]),
                          CAST(:smsStatuses AS text[]), CAST(:emailStatuses AS text[]))
                   WITH ORDINALITY AS r(first_name, last_name, phone, email, language, state, county, postal_code,
                                        tags, sms_status, email_status, n)
             ORDER BY n
            RETURNING id, phone, email""")
    @RegisterConstructorMapper(Inserted.class)
    List<Inserted> insertImported(@Bind("firstNames") String[] firstNames, @Bind("lastNames") String[] lastNames,
                                  @Bind("phones") String[] phones, @Bind("emails") String[] emails,
                                  @Bind("languages") String[] languages, @Bind("states") String[] states,
                                  @Bind("counties") String[] counties, @Bind("postalCodes") String[] postalCodes,
                                  @Bind("tags") String[] tags, @Bind("smsStatuses") String[] smsStatuses,
                                  @Bind("emailStatuses") String[] emailStatuses);

    /**
     * CSV import: updates a whole batch with one statement (ids distinct). A null status leaves the column as it
     * is; a status is given only together with the consent event the caller appends in the same transaction.
     * "subscribed" never replaces "unsubscribed": the import decided from statuses it read earlier in its (long)
     * transaction, and a STOP committed since then wins (the row's latest version is what the CASE reads).
     */
    @SqlUpdate("""
            UPDATE supporters s SET first_name = u.first_name, last_name = u.last_name, phone = u.phone,
                   email = u.email, language = COALESCE(u.language, 'en'), state = u.state, county = u.county,
                   postal_code = u.postal_code, tags = CAST(u.tags AS text[]),
                   sms_status = CASE WHEN s.sms_status = 'unsubscribed' AND u.sms_status = 'subscribed'
                                     THEN s.sms_status ELSE COALESCE(u.sms_status, s.sms_status) END,
                   email_status = CASE WHEN s.email_status = 'unsubscribed' AND u.email_status = 'subscribed'
                                       THEN s.email_status ELSE COALESCE(u.email_status, s.email_status) END,
                   updated_at = now()
              FROM unnest(CAST(:ids AS bigint[]), CAST(:firstNames AS text[]), CAST(:lastNames AS text[]),
                          CAST(:phones AS text[]), CAST(:emails AS text[]), CAST(:languages AS text[]),
                          CAST(:states AS text[]), CAST(:counties AS text[]), CAST(:postalCodes AS text[]),
                          CAST(:tags AS text[]), CAST(:smsStatuses AS text[]), CAST(:emailStatuses AS text[]))
                   AS u(id, first_name, last_name, phone, email, language, state, county, postal_code, tags,
                        sms_status, email_status)
             WHERE s.id = u.id""")
    int updateImported(@Bind("ids") Long[] ids, @Bind("firstNames") String[] firstNames,
                       @Bind("lastNames") String[] lastNames, @Bind("phones") String[] phones,
                       @Bind("emails") String[] emails, @Bind("languages") String[] languages,
                       @Bind("states") String[] states, @Bind("counties") String[] counties,
                       @Bind("postalCodes") String[] postalCodes, @Bind("tags") String[] tags,
                       @Bind("smsStatuses") String[] smsStatuses, @Bind("emailStatuses") String[] emailStatuses);

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
