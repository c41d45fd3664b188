package dev.mlpc.core.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Git trailers: {@code Key: value} lines forming the last paragraph of a commit message. */
final class Trailers {
    static final String STACK = "Stack";
    static final String PLAN = "Plan";
    static final String PLAN_SHA256 = "Plan-Sha256";
    static final String APPLIED = "Applied";
    /** A commit that records a run on a live system outside any stack (e.g. {@code node-action}), instead of Stack. */
    static final String RECORD = "Record";
    /** The apply's run id (also in the session label and the write-ahead journal's file name). */
    static final String RUN = "Run";
    /** SHA-256 of the journal file the commit adds. */
    static final String JOURNAL_SHA256 = "Journal-Sha256";
    /** The {@code Record-Sha256} of the previous record on the first-parent line, or {@code none}. */
    static final String PREVIOUS_RECORD = "Previous-Record";
    /** The hash chain's link: see {@link RecordChain}. */
    static final String RECORD_SHA256 = "Record-Sha256";

    /** Keys set by the commit itself or by the record chain, which {@link StackCommit#trailers()} may not carry. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of(STACK, PLAN, PLAN_SHA256, APPLIED, RECORD,
            RUN, JOURNAL_SHA256, PREVIOUS_RECORD, RECORD_SHA256);
    private static final Pattern KEY = Pattern.compile("[A-Z][A-Za-z0-9]*(-[A-Za-z0-9]+)*");

    /** Whether {@code key} may be given as a further trailer of a stack commit. */
    static boolean isExtraKey(String key) {
        return KEY.matcher(key).matches() && RESERVED.stream().noneMatch(r -> r.equalsIgnoreCase(key));
    }

    private static final Pattern LINE = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9-]*)[ \\t]*:[ \\t]*(.*)$");

    private Trailers() {
    }

    /**
     * The trailers of a message, in order (a repeated key keeps its last value). As in git, the last paragraph counts
     * as trailers when it is not the only paragraph and every line is a {@code Key: value} line or a continuation line
     * (starting with white space), or when at least a quarter of its lines are and one is git-generated
     * ({@code Signed-off-by:}, {@code (cherry picked from commit …)}).
     */
    static Map<String, String> parse(String message) {
        if (message == null) return Map.of();
        String[] lines = message.replace("\r\n", "\n").split("\n", -1);
        int end = lines.length;
        while (end > 0 && lines[end - 1].isBlank()) end--;
        int start = end;
        while (start > 0 && !lines[start - 1].isBlank()) start--;
        if (start == end) return Map.of();
        boolean earlierText = false;
        for (int i = 0; i < start; i++) {
            if (!lines[i].isBlank()) {
                earlierText = true;
                break;
            }
        }
        if (!earlierText) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        String current = null;
        int trailerLines = 0;
        int otherLines = 0;
        boolean gitGenerated = false;
        for (int i = start; i < end; i++) {
            String line = lines[i];
            if ((line.startsWith(" ") || line.startsWith("\t")) && current != null) {
                out.put(current, (out.get(current) + " " + line.trim()).trim());
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                current = null;
                otherLines++;
                if (line.startsWith("(cherry picked from commit ")) gitGenerated = true;
                continue;
            }
            current = m.group(1);
            if (current.equalsIgnoreCase("Signed-off-by")) gitGenerated = true;
            out.remove(current);
            out.put(current, m.group(2).trim());
            trailerLines++;
        }
        // git's rule: all lines are trailers, or at least 25% are and one of them is git-generated
        boolean block = trailerLines > 0
                && (otherLines == 0 || gitGenerated && trailerLines * 3 >= otherLines);
        if (!block) return Map.of();
        return Collections.unmodifiableMap(out);
    }

    /** A trailer value on one line: line breaks and tabs become spaces. */
    static String oneLine(String value) {
        return value.replaceAll("[\\r\\n\\t]+", " ").trim();
    }
}
