package dev.mlpc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlpc.change.Decision;
import dev.mlpc.change.Proposal;
import dev.mlpc.change.Proposals;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.spec.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Command(name = "proposals", description = "List the open proposals (--all: every one) with status, approvals and whether each is applicable.")
final class ProposalsCommand extends BaseCommand {
    enum Format { text, json }

    @Option(names = "--all", description = "Also rejected, applied and superseded proposals.")
    boolean all;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository (default: the home one).")
    Path repo;

    @Override
    int execute() throws StackException, AuditException, IOException {
        List<Proposal> list;
        try (ConfigRepository r = repository(repo)) {
            list = Proposals.read(r, !all);
        }
        if (format == Format.json) {
            List<Object> out = new ArrayList<>();
            for (Proposal p : list) out.add(json(p));
            out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        } else if (list.isEmpty()) {
            out().println(all ? "No proposals." : "No open proposals.");
        } else {
            for (Proposal p : list) {
                out().println(String.format("%s  %-10s %-24s %d/%d  %s  by %s <%s>", p.shortId(),
                        p.status().name().toLowerCase(Locale.ROOT), p.isPolicy() ? "policy.yaml" : p.stack(),
                        p.approvals().size(), p.required(), p.applicable() ? "applicable    " : "not applicable",
                        p.proposer().name(), p.proposer().email()));
                if (p.targetConnection() != null) out().println("    target: " + p.targetConnection() + " (" + p.targetIdentity() + ")");
                for (Decision d : p.approvals()) out().println("    approved by " + d.by().name() + " <" + d.by().email() + "> " + d.when());
                for (Decision d : p.rejections()) out().println("    rejected by " + d.by().name() + " <" + d.by().email() + "> " + d.when() + ": " + d.reason());
                out().println("    " + p.why());
            }
        }
        out().flush();
        return 0;
    }

    private static Map<String, Object> json(Proposal p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("commit", p.commitId());
        m.put("short_id", p.shortId());
        m.put("stack", p.stack());
        m.put("provider", p.provider());
        m.put("target_connection", p.targetConnection());
        m.put("target", p.targetIdentity());
        m.put("proposer", Map.of("name", p.proposer().name(), "email", p.proposer().email()));
        m.put("when", p.when().toString());
        m.put("plan_sha256", p.planSha256());
        m.put("reverts", p.reverts());
        m.put("required", p.required());
        m.put("approvals", p.approvals().stream().map(ProposalsCommand::decision).toList());
        m.put("rejections", p.rejections().stream().map(ProposalsCommand::decision).toList());
        m.put("status", p.status().name().toLowerCase(Locale.ROOT));
        m.put("applicable", p.applicable());
        m.put("why", p.why());
        return m;
    }

    private static Map<String, Object> decision(Decision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("commit", d.commitId());
        m.put("by", Map.of("name", d.by().name(), "email", d.by().email()));
        m.put("when", d.when().toString());
        m.put("plan_sha256", d.planSha256());
        if (d.reason() != null) m.put("reason", d.reason());
        return m;
    }
}
