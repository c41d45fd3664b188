package dev.mlpc.core.audit;

import java.nio.file.Path;

/**
 * A separate process that commits to a config repository, for the multi-process concurrency test:
 * {@code CommitWorker DIR PREFIX COUNT} makes COUNT commits, alternating between stack PREFIX-own and the shared stack.
 */
public final class CommitWorker {
    private CommitWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        try (ConfigRepository repo = ConfigRepository.open(dir)) {
            for (int i = 0; i < count; i++) {
                String stack = i % 2 == 0 ? prefix + "-own" : "shared";
                repo.commit(AuditFixtures.commit(stack, 1000 + i, prefix + " commit " + i));
            }
        }
        System.out.println("done " + count);
    }
}
