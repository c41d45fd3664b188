package dev.mlpc.core.audit;

import java.util.Map;

/** Renders a stack's generated files again, so {@link ConfigRepository#verify} can compare them with the commit. */
@FunctionalInterface
public interface Regenerator {
    /**
     * The generated files expected for a stack, from its YAML.
     *
     * @param stack     the stack name
     * @param stackYaml the content of {@code stacks/<stack>.yaml} at the commit being checked
     * @return repository path (e.g. {@code generated/postgres/s.sql}) to expected text
     * @throws Exception with a reason when the stack cannot be rendered
     */
    Map<String, String> regenerate(String stack, String stackYaml) throws Exception;
}
