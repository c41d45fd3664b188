package dev.mlpc.core.provider;

/**
 * What a session works for, for providers that label their sessions: the stack and the config repository commit the
 * work starts from (its head when the session opens; null without a repository or before the first commit).
 */
public record SessionLabel(String stack, String commit) {
}
