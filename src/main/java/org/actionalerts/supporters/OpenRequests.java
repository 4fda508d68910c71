package org.actionalerts.supporters;

import org.jdbi.v3.core.Handle;

/**
 * Whether a person has asked for help and is still waiting for it. Declared here, answered by assistance/ (which
 * depends on supporters/, not the other way round): staff may not erase someone whose request is open.
 */
public interface OpenRequests {
    boolean hasOpen(Handle h, long supporterId);
}
