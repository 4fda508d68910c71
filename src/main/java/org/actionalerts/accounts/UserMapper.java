package org.actionalerts.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** A row mapper because of the text[] column and the role enum. */
public class UserMapper implements RowMapper<User> {
    @Override
    public User map(ResultSet rs, StatementContext ctx) throws SQLException {
        java.sql.Array queues = rs.getArray("queues");
        List<String> q = queues == null ? List.of() : Arrays.asList((String[]) queues.getArray());
        return new User(rs.getLong("id"), rs.getString("name"), rs.getString("email"), rs.getString("phone"),
                Role.parse(rs.getString("role")).orElseThrow(), List.copyOf(q), rs.getBoolean("on_call"),
                rs.getBoolean("active"), rs.getBoolean("has_password"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
