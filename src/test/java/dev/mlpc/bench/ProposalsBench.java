package dev.mlpc.bench;

import dev.mlpc.change.Proposal;
import dev.mlpc.change.Proposals;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.spec.ResourceKey;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code Proposals.read} (what {@code Workbench.proposals}, {@code mlpc proposals} and the apply gate call) over a
 * history of N commits of which P are open proposals, each of its own stack, the others commits of 50 other stacks.
 * The history is written with plain JGit (a stack file and a plan JSON per commit, the trailers mlpc writes) so that
 * 10,000 commits take seconds to build: {@code java -cp target/classes:target/test-classes:<classpath>
 * dev.mlpc.bench.ProposalsBench 10000 500}.
 */
public final class ProposalsBench {
    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int proposals = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path dir = Files.createTempDirectory("mlpc-proposals-bench");
        long t0 = System.nanoTime();
        try (ConfigRepository init = ConfigRepository.init(dir)) {
            // the initial commit with the README
        }
        int made = 0;
        try (Repository git = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).build();
             ObjectInserter ins = git.newObjectInserter()) {
            ObjectId head = git.resolve("refs/heads/main");
            int every = Math.max(1, total / Math.max(1, proposals));
            PersonIdent ada = new PersonIdent("Ada", "ada@example.org");
            for (int i = 0; i < total; i++) {
                boolean proposal = made < proposals && i % every == every - 1;
                String stack = proposal ? "p" + made : "s" + (i % 50);
                Plan plan = new Plan(stack, "postgres", List.of(new Change(Action.CREATE, new ResourceKey("postgres.role", "r" + i),
                        Safety.SAFE, List.of(), Set.of(), null)), List.of(), false);
                String yaml = "stack: " + stack + "\nresources:\n  - {type: postgres.role, name: r" + i + "}\n";
                TreeFormatter stacks = new TreeFormatter();
                stacks.append(stack + ".yaml", FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, yaml.getBytes(StandardCharsets.UTF_8)));
                TreeFormatter pg = new TreeFormatter();
                pg.append(stack + ".plan.json", FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, plan.toJson().getBytes(StandardCharsets.UTF_8)));
                TreeFormatter gen = new TreeFormatter();
                gen.append("postgres", FileMode.TREE, ins.insert(pg));
                TreeFormatter root = new TreeFormatter();
                root.append("generated", FileMode.TREE, ins.insert(gen));
                root.append("stacks", FileMode.TREE, ins.insert(stacks));
                String msg = "Commit " + i + "\n\nStack: " + stack + "\nPlan: +1 ~0 -0\nPlan-Sha256: " + plan.sha256() + "\nApplied: no\n"
                        + (proposal ? "Approval: required (1)\nTarget: postgres 127.0.0.1:5432/app\nTarget-Connection: local\n" : "");
                if (proposal) made++;
                CommitBuilder cb = new CommitBuilder();
                cb.setTreeId(ins.insert(root));
                cb.setParentId(head);
                cb.setAuthor(ada);
                cb.setCommitter(ada);
                cb.setMessage(msg);
                head = ins.insert(cb);
            }
            ins.flush();
            RefUpdate ru = git.updateRef("refs/heads/main");
            ru.setNewObjectId(head);
            ru.setForceUpdate(true);
            ru.update();
        }
        System.out.printf("built %d commits (%d proposals) in %.1f s%n", total, made, (System.nanoTime() - t0) / 1e9);
        // packed, as a config repository in use is (ConfigRepository packs its loose objects as it goes)
        new ProcessBuilder("git", "-C", dir.toString(), "gc", "--quiet").inheritIO().start().waitFor();
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            for (int run = 0; run < 5; run++) {
                long s = System.nanoTime();
                List<Proposal> open = Proposals.read(repo, true);
                long e = System.nanoTime();
                System.out.printf("run %d: %d open proposals read in %.0f ms%n", run + 1, open.size(), (e - s) / 1e6);
            }
        }
    }
}
