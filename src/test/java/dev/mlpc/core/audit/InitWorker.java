package dev.mlpc.core.audit;

import java.nio.file.Path;

/**
 * A child JVM for {@link InitRaceTest}: inits {@code DIR-0} … {@code DIR-(n-1)} one after the other, as fast as it can,
 * while another worker does the same; exits 1 with the message on the first failure.
 */
public final class InitWorker {
    private InitWorker() { }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[1]);
        for (int i = 0; i < n; i++) {
            Path dir = Path.of(args[0] + "-" + i);
            try (ConfigRepository r = ConfigRepository.init(dir)) {
                if (r.headCommit() == null) throw new IllegalStateException("no initial commit in " + dir);
            } catch (Exception e) {
                System.out.println("init " + dir + " failed: " + e);
                System.exit(1);
            }
        }
        System.exit(0);
    }
}
