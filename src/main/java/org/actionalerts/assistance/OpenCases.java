package org.actionalerts.assistance;

import org.actionalerts.supporters.OpenRequests;
import org.jdbi.v3.core.Handle;

/** Whether a person has a case that is not resolved yet, for the erasure rule of supporters/. */
public final class OpenCases implements OpenRequests {
    @Override
    public boolean hasOpen(Handle h, long supporterId) {
        return h.createQuery("SELECT EXISTS (SELECT 1 FROM cases WHERE supporter_id = :id AND status <> 'resolved')")
                .bind("id", supporterId).mapTo(Boolean.class).one();
    }
}
