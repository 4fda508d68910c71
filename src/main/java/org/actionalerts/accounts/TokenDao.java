package org.actionalerts.accounts;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(ApiToken.class)
public interface TokenDao {
    @SqlUpdate("INSERT INTO api_tokens (name, role, token_hash, user_id) VALUES (:name, :role, :hash, :userId)")
    @GetGeneratedKeys({"id", "name", "role", "user_id", "created_at"})
    ApiToken insert(@Bind("name") String name, @Bind("role") String role, @Bind("hash") byte[] hash, @Bind("userId") Long userId);

    @SqlUpdate("UPDATE api_tokens SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL")
    int revoke(@Bind("id") long id);

    @SqlQuery("SELECT count(*) FROM api_tokens WHERE id = :id")
    int exists(@Bind("id") long id);

    @SqlQuery("SELECT count(*) FROM users WHERE id = :id")
    int userExists(@Bind("id") long id);
}
