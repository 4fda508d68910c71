package org.actionalerts.supporters.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Hands full batches to a writer thread. Before batch k+1 goes, batch k must be written: the next batch's
 * lookups must see it. So writing batch k overlaps with reading batch k+1, and rejections land in the order
 * of the serial import: the rows refused while reading a batch, then those refused while writing it.
 */
final class ImportPipeline implements AutoCloseable {
    final ImportRejections.Held held;
    private final ImportBatch writer;
    private final ImportRejections results;
    /** Shared by all imports (a managed pool, one thread free for each import running at once): not shut down here. */
    private final ExecutorService thread;
    private Future<List<ImportResult.Rejection>> inFlight;

    ImportPipeline(ImportBatch writer, ImportRejections results, ExecutorService thread) {
        this.thread = thread;
        this.writer = writer;
        this.results = results;
        this.held = results.new Held();
    }

    /** Waits for the batch before, then starts writing this one (the caller must not touch it again). */
    void write(List<ImportRow> batch) {
        awaitInFlight();
        held.release();
        if (batch.isEmpty()) {
            return;
        }
        inFlight = thread.submit(() -> {
            List<ImportResult.Rejection> refused = new ArrayList<>();
            writer.write(batch, (line, reason) -> refused.add(new ImportResult.Rejection(line, reason)));
            return refused;
        });
    }

    void finish() {
        awaitInFlight();
        held.release();
    }

    private void awaitInFlight() {
        if (inFlight == null) {
            return;
        }
        try {
            List<ImportResult.Rejection> refused = inFlight.get();
            for (ImportResult.Rejection r : refused) {
                results.reject(r.line(), r.reason());
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the import", e);
        } finally {
            inFlight = null;
        }
    }

    /** On any failure the transaction rolls back: first let the writer stop using its handle. */
    @Override
    public void close() {
        if (inFlight != null) {
            try {
                inFlight.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // the reader's own failure is the one reported
            } finally {
                inFlight = null;
            }
        }
    }
}
