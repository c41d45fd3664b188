package dev.mlpc.cli;

import dev.mlpc.app.LineageService;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.lineage.Direction;
import dev.mlpc.lineage.LineageFormats;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code mlpc lineage NODE [--upstream|--downstream] [--depth N] [--format text|json|dot] [--live]}: where a node's data
 * comes from and where it goes, across the stacks at head, the model registries and (with {@code --live}) the live
 * systems. NODE is a node id or text that finds exactly one node; several → exit 2 with the candidates; no match → 1;
 * usage errors (bad --format or --depth, --upstream with --downstream) → 2.
 */
@Command(name = "lineage", description = "Show a node's upstream and downstream across stacks, registry and live systems.")
final class LineageCommand extends BaseCommand implements UsageErrorsExitTwo {
    enum Format { text, json, dot }

    static final int MAX_DEPTH = 50;
    static final int MAX_CANDIDATES = 20;

    @Parameters(index = "0", paramLabel = "NODE", description = "A node id (e.g. registry:version:prod/churn/3) or text that finds one node.")
    String query;

    static final class Which {
        @Option(names = "--upstream", description = "Only where the data comes from.")
        boolean upstream;

        @Option(names = "--downstream", description = "Only where the data goes.")
        boolean downstream;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Which which;

    @Option(names = "--depth", defaultValue = "3", paramLabel = "N", description = "Edges to follow (default ${DEFAULT-VALUE}, at most " + MAX_DEPTH + ").")
    int depth;

    @Option(names = "--format", defaultValue = "text", description = "text, json or dot (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--repo", paramLabel = "DIR", description = "Config repository whose stacks to read (default: the home one).")
    java.nio.file.Path repo;

    @Option(names = "--live", description = "Also read the live systems the stacks are bound to (drift, unmanaged objects).")
    boolean live;

    @Override
    int execute() throws StackException, AuditException {
        if (depth < 1 || depth > MAX_DEPTH) {
            throw new UserError("mlpc: lineage: --depth: must be 1 to " + MAX_DEPTH + " (it is " + depth + ")", USAGE);
        }
        if (query.isBlank()) throw new UserError("mlpc: lineage: NODE: must not be empty", USAGE);
        LineageService.Result result = wb().lineage(repo, live, progress());
        for (String w : result.warnings()) err().println("mlpc: warning: " + w);
        err().flush();
        LineageGraph graph = result.graph();
        LineageNode root = pick(graph, query);
        Direction d = which == null ? Direction.BOTH : which.upstream ? Direction.UPSTREAM : Direction.DOWNSTREAM;
        LineageGraph sub = graph.neighbourhood(root.id(), d, depth);
        switch (format) {
            case json -> out().print(LineageFormats.json(sub, root.id(), d, depth, result.warnings()) + "\n");
            case dot -> out().print(LineageFormats.dot(sub, root.id()));
            default -> out().print(LineageFormats.text(sub, root.id(), d, depth));
        }
        out().flush();
        return 0;
    }

    /**
     * The node {@code query} names ({@link LineageGraph#lookup}: normalised as the ids are, exact match first, then
     * text); among several, the one whose label equals it (ignoring case) if only one does. None → exit 1; several →
     * exit 2 listing them.
     */
    LineageNode pick(LineageGraph graph, String query) {
        List<LineageNode> hits = graph.lookup(query.strip());
        if (hits.isEmpty()) {
            throw new UserError("mlpc: NODE: no node matches " + Problem.quote(query) + " (" + graph.nodes().size()
                    + " nodes: stacks at head, model registries" + (live ? ", live systems" : "") + "); try an id such as "
                    + "registry:version:<connection>/<model>/<n> or part of a name", 1);
        }
        if (hits.size() == 1) return hits.get(0);
        List<LineageNode> exact = new ArrayList<>();
        String q = query.strip().toLowerCase(Locale.ROOT);
        for (LineageNode n : hits) if (n.label().toLowerCase(Locale.ROOT).equals(q)) exact.add(n);
        if (exact.size() == 1) return exact.get(0);
        StringBuilder b = new StringBuilder("mlpc: NODE: " + Problem.quote(query) + " matches " + hits.size()
                + " nodes; give one of these ids:");
        for (int i = 0; i < Math.min(hits.size(), MAX_CANDIDATES); i++) b.append("\n  ").append(LineageFormats.describe(hits.get(i)));
        if (hits.size() > MAX_CANDIDATES) b.append("\n  … and ").append(hits.size() - MAX_CANDIDATES).append(" more");
        throw new UserError(b.toString(), 2);
    }
}
