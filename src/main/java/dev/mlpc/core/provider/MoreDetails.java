package dev.mlpc.core.provider;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The slow part of a live node's details ({@link ProviderSession#moreDetails}): work that reads beyond the session's
 * own connection (PostgreSQL: a role's privileges inside every database of the server, each on a short connection of
 * its own). It never uses the session, so the console runs it on a background thread beside the session's other work
 * (expanding the tree, a search) instead of queueing that work behind it.
 */
@FunctionalInterface
public interface MoreDetails {
    /**
     * Reads the details, reporting progress ({@code worked(done, total)}) and honouring {@link Progress#cancelled()}
     * between steps (then it throws {@link CancelledException}).
     *
     * @param partial receives what is known so far after each step, including a line saying how far the reading is
     *                (called from any thread, possibly several at once; the console coalesces what it shows)
     * @return everything read, with a clear note for what could not be read (never a secret, never a stack trace)
     * @throws ProviderException when nothing at all could be read; the message names what and why
     */
    Map<String, Object> read(Progress progress, Consumer<Map<String, Object>> partial) throws ProviderException;
}
