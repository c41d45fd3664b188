package dev.mlpc.cli;

import dev.mlpc.core.spec.SafeText;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Everything the CLI prints passes here: control characters (ESC, BEL, C1, DEL, a carriage return not followed by a
 * line feed) and bidirectional or zero-width characters are written as {@code \}{@code uXXXX}, so user data in a plan,
 * an error, the log or the history cannot drive the terminal. Line feeds and tabs pass. Inside JSON strings the
 * escape is JSON's own, so JSON output stays the same value.
 */
final class TerminalSafeWriter extends FilterWriter {
    private boolean pendingCr;

    private TerminalSafeWriter(Writer out) {
        super(out);
    }

    /** A print writer over {@code out} that escapes as above (auto-flushing like the CLI's own writers). */
    static PrintWriter wrap(PrintWriter out) {
        return new PrintWriter(new TerminalSafeWriter(out), true);
    }

    @Override
    public void write(int c) throws IOException {
        if (pendingCr) {
            pendingCr = false;
            if (c == '\n') {
                out.write("\r\n");
                return;
            }
            out.write("\\u000d");
        }
        if (c == '\r') {
            pendingCr = true;
        } else if (c != '\n' && c != '\t' && SafeText.isUnsafe(c)) {
            out.write(String.format("\\u%04x", c));
        } else {
            out.write(c);
        }
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            char c = cbuf[i];
            if (pendingCr || c == '\r' || c != '\n' && c != '\t' && SafeText.isUnsafe(c)) {
                if (i > start) out.write(cbuf, start, i - start);
                write(c);
                start = i + 1;
            }
        }
        if (end > start) out.write(cbuf, start, end - start);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
        write(str.toCharArray(), off, len);
    }

    @Override
    public void flush() throws IOException {
        if (pendingCr) {
            pendingCr = false;
            out.write("\\u000d");
        }
        super.flush();
    }
}
