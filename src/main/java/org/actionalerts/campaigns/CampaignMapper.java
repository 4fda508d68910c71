package org.actionalerts.campaigns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads a campaigns row; audience and templates are JSONB documents. */
public class CampaignMapper implements RowMapper<Campaign> {
    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Campaign map(ResultSet rs, StatementContext ctx) throws SQLException {
        try {
            JsonNode templates = JSON.readTree(rs.getString("templates"));
            Array channels = rs.getArray("channels");
            return new Campaign(
                    rs.getLong("id"),
                    rs.getString("name"),
                    rs.getString("action_url"),
                    List.of((String[]) channels.getArray()),
                    JSON.readValue(rs.getString("audience"), Audience.class),
                    templates.hasNonNull("sms") ? JSON.treeToValue(templates.get("sms"), MessageTemplates.Sms.class) : null,
                    templates.hasNonNull("email") ? JSON.treeToValue(templates.get("email"), MessageTemplates.Email.class) : null,
                    instant(rs, "send_at"),
                    rs.getBoolean("urgent"),
                    CampaignStatus.fromWire(rs.getString("status")),
                    rs.getString("status_reason"),
                    rs.getString("created_by"),
                    instant(rs, "created_at"),
                    instant(rs, "launched_at"),
                    instant(rs, "finished_at"),
                    rs.getBoolean("compliance_footer"),
                    rs.getBoolean("track_links"));
        } catch (JsonProcessingException e) {
            throw new SQLException("campaign " + rs.getLong("id") + " has unreadable JSON", e);
        }
    }

    static String templatesJson(MessageTemplates.Sms sms, MessageTemplates.Email email) {
        try {
            Map<String, Object> templates = new java.util.HashMap<>();
            templates.put("sms", sms);
            templates.put("email", email);
            return JSON.writeValueAsString(templates);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String audienceJson(Audience audience) {
        try {
            return JSON.writeValueAsString(audience);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
