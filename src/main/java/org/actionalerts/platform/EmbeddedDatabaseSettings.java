package org.actionalerts.platform;

import jakarta.validation.constraints.NotBlank;

/** Where the embedded PostgreSQL keeps its files when DATABASE_URL is unset. */
public record EmbeddedDatabaseSettings(@NotBlank String dataDirectory) {}
