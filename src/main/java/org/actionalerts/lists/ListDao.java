package org.actionalerts.lists;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(SupporterList.class)
public interface ListDao {
    @SqlUpdate("INSERT INTO lists (name) VALUES (:name)")
    @GetGeneratedKeys("id")
    long insert(@Bind("name") String name);

    /** Whether the list exists (a campaign's audience names it). */
    @SqlQuery("SELECT EXISTS (SELECT 1 FROM lists WHERE id = :id)")
    boolean exists(@Bind("id") long id);

    @SqlQuery("""
            SELECT l.id, l.name, (SELECT count(*) FROM list_members m WHERE m.list_id = l.id) AS size
            FROM lists l WHERE l.id = :id""")
    Optional<SupporterList> find(@Bind("id") long id);

    @SqlQuery("SELECT id FROM supporters WHERE id = ANY(:ids)")
    List<Long> existing(@Bind("ids") long[] ids);

    /** Adds the given supporters; people already on the list are skipped. Returns how many were added. */
    @SqlUpdate("""
            INSERT INTO list_members (list_id, supporter_id)
            SELECT :listId, id FROM supporters WHERE id = ANY(:ids)
            ON CONFLICT DO NOTHING""")
    int addMembers(@Bind("listId") long listId, @Bind("ids") long[] ids);
}
