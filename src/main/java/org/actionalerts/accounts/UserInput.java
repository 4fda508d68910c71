package org.actionalerts.accounts;

import java.util.List;

/** Body of POST and PATCH /api/v1/users; in a PATCH, null means "leave as it is". */
public record UserInput(String name, String email, String phone, String role, List<String> queues, Boolean onCall,
                        Boolean active, String password) {}
