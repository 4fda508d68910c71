package org.actionalerts.accounts;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(ApiToken.class)
public interface TokenDao {
    String COLUMNS = "id, name, role, user_id, created_at, last_used_at, expires_at, revoked_at";

    @SqlUpdate("""
            INSERT INTO api_tokens (name, role, token_hash, user_id, created_at, expires_at)
            VALUES (:name, :role, :hash, :userId, :now, :expiresAt)""")
    @GetGeneratedKeys({"id", "name", "role", "user_id", "created_at", "last_used_at", "expires_at", "revoked_at"})
    ApiToken insert(@Bind("name") String name, @Bind("role") String role, @Bind("hash") byte[] hash, @Bind("userId") Long userId,
                    @Bind("now") Instant now, @Bind("expiresAt") Instant expiresAt);

    @SqlUpdate("UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
    int revoke(@Bind("id") long id, @Bind("now") Instant now);

    @SqlQuery("SELECT count(*) FROM api_tokens WHERE id = :id")
    int exists(@Bind("id") long id);

    @SqlQuery("SELECT count(*) FROM users WHERE id = :id")
    int userExists(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE id > :after ORDER BY id LIMIT :limit")
    List<ApiToken> list(@Bind("after") long after, @Bind("limit") int limit);
}
