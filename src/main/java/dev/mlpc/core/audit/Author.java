package dev.mlpc.core.audit;

/**
 * Who makes a commit (author and committer of the git commit).
 *
 * @param name  display name, e.g. "Ada Admin"
 * @param email e-mail address, may be empty
 */
public record Author(String name, String email) {
}
