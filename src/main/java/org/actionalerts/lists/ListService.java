package org.actionalerts.lists;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.actionalerts.platform.errors.ApiException;
import org.jdbi.v3.core.Jdbi;

public class ListService {
    static final int MAX_NAME = 200;
    static final int MAX_IDS_PER_CALL = 100_000;

    private final Jdbi jdbi;

    public ListService(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record MembersAdded(int added, List<Long> unknownIds) {}

    public SupporterList create(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.invalid("name", "is required");
        }
        if (name.strip().length() > MAX_NAME) {
            throw ApiException.invalid("name", "is longer than " + MAX_NAME + " characters");
        }
        return jdbi.inTransaction(h -> {
            ListDao dao = h.attach(ListDao.class);
            return dao.find(dao.insert(name.strip())).orElseThrow();
        });
    }

    public SupporterList get(long id) {
        return jdbi.withHandle(h -> h.attach(ListDao.class).find(id)).orElseThrow(() -> ApiException.notFound("List"));
    }

    /** Unknown supporter ids are reported back, not fatal: the known ones are added. */
    public MembersAdded addMembers(long listId, List<Long> supporterIds) {
        if (supporterIds == null) {
            throw ApiException.invalid("supporterIds", "is required");
        }
        if (supporterIds.size() > MAX_IDS_PER_CALL) {
            throw ApiException.invalid("supporterIds", "at most " + MAX_IDS_PER_CALL + " ids per call");
        }
        if (supporterIds.stream().anyMatch(java.util.Objects::isNull)) {
            throw ApiException.invalid("supporterIds", "must not contain null");
        }
        long[] ids = supporterIds.stream().mapToLong(Long::longValue).distinct().toArray();
        return jdbi.inTransaction(h -> {
            ListDao dao = h.attach(ListDao.class);
            dao.find(listId).orElseThrow(() -> ApiException.notFound("List"));
            Set<Long> known = new HashSet<>(dao.existing(ids));
            int added = dao.addMembers(listId, ids);
            List<Long> unknown = Arrays.stream(ids).filter(id -> !known.contains(id)).boxed().toList();
            return new MembersAdded(added, unknown);
        });
    }
}
