package dev.mlpc.ui;

import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.StackException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns failures into messages meant for the admin: what failed and why, never a stack trace. Problems in YAML files
 * keep their {@code file:line:column: field: reason} form. Unexpected failures are logged with their stack trace and
 * shown by type and message.
 */
public final class UiErrors {
    private static final System.Logger LOG = dev.mlpc.LazyLogger.of(UiErrors.class);

    private UiErrors() { }

    /** A readable, possibly multi-line message for {@code e}. */
    public static String message(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof StackException se) {
            return String.join("\n", problems(se));
        }
        if (t instanceof NoSuchFileException nf) return "no such file: " + nf.getFile();
        if (t instanceof AccessDeniedException ad) return "permission denied: " + ad.getFile();
        if (t instanceof UncheckedIOException uio) return message(uio.getCause());
        if (t instanceof IOException) return "I/O error: " + text(t);
        if (t instanceof IllegalArgumentException || t instanceof IllegalStateException || t instanceof UnsupportedOperationException) {
            return text(t);
        }
        if (t instanceof RuntimeException || t instanceof Error) {
            LOG.log(System.Logger.Level.ERROR, "unexpected failure", t);
            return "unexpected error (" + t.getClass().getSimpleName() + ")" + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        return text(t);
    }

    /** The problems of a stack or settings file, one {@code file:line:column: field: reason} per entry. */
    public static List<String> problems(StackException e) {
        List<Problem> ps = e.problems();
        if (ps.isEmpty()) return List.of(text(e));
        return ps.stream().map(Problem::format).toList();
    }

    /** {@code 10 s}, {@code 250 ms}. */
    public static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) return (ms / 1000) + " s";
        return ms + " ms";
    }

    private static String text(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) return t.getClass().getSimpleName();
        return m;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException || t instanceof InvocationTargetException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
