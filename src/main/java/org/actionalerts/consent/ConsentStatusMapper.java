package org.actionalerts.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** A status column as a {@link ConsentStatus}; registered on the service's Jdbi by {@link ConsentModule}. */
public final class ConsentStatusMapper implements ColumnMapper<ConsentStatus> {
    @Override
    public ConsentStatus map(ResultSet r, int columnNumber, StatementContext ctx) throws SQLException {
        String value = r.getString(columnNumber);
        return value == null ? null : ConsentStatus.fromWire(value);
    }
}
