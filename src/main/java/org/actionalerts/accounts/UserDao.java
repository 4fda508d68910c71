package org.actionalerts.accounts;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;

@RegisterRowMapper(UserMapper.class)
public interface UserDao {
    String COLUMNS = "id, name, email, phone, role, queues, on_call, active, password_hash IS NOT NULL AS has_password, "
            + "created_at, updated_at";

    @SqlUpdate("""
            INSERT INTO users (name, email, phone, role, queues, on_call, active, password_hash)
            VALUES (:name, :email, :phone, :role, :queues, :onCall, :active, :passwordHash)""")
    @GetGeneratedKeys("id")
    long insert(@Bind("name") String name, @Bind("email") String email, @Bind("phone") String phone,
                @Bind("role") String role, @Bind("queues") String[] queues, @Bind("onCall") boolean onCall,
                @Bind("active") boolean active, @Bind("passwordHash") String passwordHash);

    @SqlUpdate("""
            UPDATE users SET name = :name, email = :email, phone = :phone, role = :role, queues = :queues,
                   on_call = :onCall, active = :active, password_hash = COALESCE(:passwordHash, password_hash),
                   updated_at = now()
             WHERE id = :id""")
    void update(@Bind("id") long id, @Bind("name") String name, @Bind("email") String email, @Bind("phone") String phone,
                @Bind("role") String role, @Bind("queues") String[] queues, @Bind("onCall") boolean onCall,
                @Bind("active") boolean active, @Bind("passwordHash") String passwordHash);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
    Optional<User> find(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE id > :after ORDER BY id LIMIT :limit")
    List<User> list(@Bind("after") long after, @Bind("limit") int limit);

    @SqlQuery("SELECT id FROM users WHERE lower(email) = lower(:email)")
    Optional<Long> idByEmail(@Bind("email") String email);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE active AND role IN ('attorney', 'admin') ORDER BY name, id LIMIT 1000")
    List<User> attorneys();

    /** Who hears about a queue's urgent cases at once. */
    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE on_call AND active AND :queue = ANY(queues) "
            + "AND role IN ('attorney', 'admin') ORDER BY id")
    List<User> onCallFor(@Bind("queue") String queue);
}
