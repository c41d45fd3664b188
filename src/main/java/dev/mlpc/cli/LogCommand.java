package dev.mlpc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "log", description = "Audit history: who, when, stack, plan, applied.")
final class LogCommand extends BaseCommand {
    enum Format { text, json }

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (default: the home one).")
    Path repo;

    @Option(names = {"-n", "--max"}, defaultValue = "50", paramLabel = "N", description = "At most N commits (default ${DEFAULT-VALUE}).")
    int max;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Override
    int execute() throws StackException, AuditException, IOException {
        try (ConfigRepository r = repository(repo)) {
            List<CommitInfo> log = r.log(max);
            if (format == Format.json) {
                List<Object> rows = new ArrayList<>();
                for (CommitInfo c : log) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("commit", c.id());
                    m.put("author", c.authorName() + " <" + c.authorEmail() + ">");
                    m.put("date", c.when().toString());
                    m.put("subject", c.subject());
                    m.put("trailers", c.trailers());
                    rows.add(m);
                }
                out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            } else {
                out().println(String.format("%-8s  %-20s  %-24s  %-20s  %-16s  %s", "commit", "date (UTC)", "author", "stack", "plan", "applied"));
                for (CommitInfo c : log) {
                    out().println(String.format("%-8s  %-20s  %-24s  %-20s  %-16s  %s", c.shortId(),
                            c.when().toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z"),
                            clip(c.authorName(), 24), clip(c.trailers().getOrDefault("Stack", "-"), 20),
                            c.trailers().getOrDefault("Plan", "-"), c.trailers().getOrDefault("Applied", "-")));
                    out().println("          " + c.subject());
                }
            }
        }
        out().flush();
        return 0;
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
