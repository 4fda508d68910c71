package org.actionalerts.platform;

import jakarta.validation.constraints.Min;

/** Request size limits; a body over its limit gets 413 before anything is stored. */
public record Limits(@Min(1024) long jsonBodyBytes, @Min(1024) long csvImportBytes, @Min(1) int importBatchSize,
                     @Min(1024) long webhookBodyBytes) {
    public static final Limits DEFAULTS = new Limits(1_048_576, 52_428_800, 1000, 65_536);
}
