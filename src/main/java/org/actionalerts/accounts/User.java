package org.actionalerts.accounts;

import java.time.Instant;
import java.util.List;

/** A staff member or attorney as a person: cases are assigned to users and urgent notifications go to them. */
public record User(long id, String name, String email, String phone, Role role, List<String> queues, boolean onCall,
                   boolean active, boolean hasPassword, Instant createdAt, Instant updatedAt) {}
