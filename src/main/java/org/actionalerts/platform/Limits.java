package org.actionalerts.platform;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Request size limits; a body over its limit gets 413 before anything is stored.
 *
 * <p>{@code refusedBodyDrainFactor}: a refused body of up to this many times its limit is read to its end and
 * discarded before the 413 is sent, so a client that writes its whole body before reading still gets the answer
 * (see {@link BodySizeLimitFilter}). 1 means never; left out of the configuration, it is {@value #DEFAULT_DRAIN_FACTOR}.
 */
public record Limits(@Min(1024) long jsonBodyBytes, @Min(1024) long csvImportBytes, @Min(1) int importBatchSize,
                     @Min(1024) long webhookBodyBytes, @Min(1) @Max(64) int refusedBodyDrainFactor) {
    public static final int DEFAULT_DRAIN_FACTOR = 4;
    public static final Limits DEFAULTS = new Limits(1_048_576, 52_428_800, 1000, 65_536, DEFAULT_DRAIN_FACTOR);

    public Limits {
        if (refusedBodyDrainFactor == 0) {
            refusedBodyDrainFactor = DEFAULT_DRAIN_FACTOR; // absent from an older config file
        }
    }

    /** How many bytes of a body refused for {@code limit} the service reads and discards, at most. */
    public long drainBound(long limit) {
        return limit > Long.MAX_VALUE / refusedBodyDrainFactor ? Long.MAX_VALUE : limit * refusedBodyDrainFactor;
    }
}
