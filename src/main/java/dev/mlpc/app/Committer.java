package dev.mlpc.app;

import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.Author;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.audit.StackCommit;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.core.spec.StackReader;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes to the config repository: a stack with its generated files and plan JSON (and a journal), with the audit
 * trailers; and what {@code verify} re-renders a committed stack to.
 */
final class Committer {
    private final Planner planner;
    private final StackReader reader;
    private final Supplier<Author> author;

    Committer(Planner planner, StackReader reader, Supplier<Author> author) {
        this.planner = planner;
        this.reader = reader;
        this.author = author;
    }

    /** Who commits: the settings' author. */
    dev.mlpc.core.audit.Author author() {
        return author.get();
    }

    /**
     * The generated files of a stack besides the plan: {@code generated/<provider>/<stack>.<ext>}. A stack without
     * resources renders no document (it names no provider; its plan JSON is still committed).
     */
    Map<String, String> generatedFiles(Stack stack) throws ProviderException {
        Map<String, String> files = new LinkedHashMap<>();
        if (stack.resources().isEmpty()) return files;
        Provider p = planner.providerFor(stack);
        files.put("generated/" + p.id() + "/" + stack.name() + "." + p.generatedExtension(), p.renderDocument(planner.offlinePlan(stack)));
        return files;
    }

    /** Commits the stack, its generated files, the plan JSON and optionally a journal, with the audit trailers. */
    CommitInfo commit(Stack stack, String stackYaml, Plan plan, ConfigRepository repo, String message,
                      String applied, String journalPath, String journalJson) throws ProviderException, AuditException {
        return repo.commit(prepare(stack, stackYaml, plan, message, applied, null).withOutcome(applied, journalPath, journalJson));
    }

    /**
     * What {@link #commit} would write, without the journal: the stack, its generated files and the plan JSON, the
     * trailers ({@code Applied:} {@code applied}, {@code Run:} {@code runId} when given), the message and the author.
     * The apply writes it to its write-ahead journal before anything runs.
     */
    StackCommit prepare(Stack stack, String stackYaml, Plan plan, String message, String applied, String runId)
            throws ProviderException {
        Provider p = planner.providerFor(stack, plan.provider());
        Map<String, String> generated = generatedFiles(stack);
        String planJson = plan.toJson();
        generated.put("generated/" + p.id() + "/" + stack.name() + ".plan.json", planJson);
        String msg = message == null || message.isBlank() ? defaultMessage(stack, plan, applied) : message;
        return new StackCommit(stack.name(), p.id(), stackYaml, generated, plan.summary().trailer(),
                plan.sha256(), applied, msg, author.get(), null, null, runId);
    }

    private static String defaultMessage(Stack stack, Plan plan, String applied) {
        return ("no".equals(applied) ? "Update stack " : "Apply stack ") + stack.name() + " (" + plan.summary().trailer() + ")";
    }

    /** What {@code verify} re-renders a committed stack to: its generated files (the plan JSON is checked by hash). */
    Map<String, String> regenerate(String stackName, String stackYaml) throws StackException, ProviderException {
        Stack s = reader.parse("stacks/" + stackName + ".yaml", stackYaml);
        return generatedFiles(s);
    }
}
