package dev.mlpc.bench;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.core.spec.StackReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark (not a test): how long a stack file with one very long line takes to be read and refused or accepted.
 * Each size is a file {@code stack: s / description: <one word of N 'a's> / resources: []}, read with
 * {@link StackReader#load} (the CLI's path: size check, read, parse, validate), timed from the call to its return.
 * Run: {@code java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.mlpc.bench.StackParseBench
 * 1000000 2000000 4000000 20000000}
 */
public final class StackParseBench {
    public static void main(String[] args) throws Exception {
        StackReader reader = new StackReader(Workbench.standardProviders());
        // warm up the parser on a small file so that the first size does not pay for class loading
        for (int i = 0; i < 20; i++) run(reader, 10_000, false);
        for (String a : args) run(reader, Integer.parseInt(a.replace("_", "")), true);
    }

    private static void run(StackReader reader, int n, boolean print) throws Exception {
        Path file = Files.createTempFile("mlpc-parse-bench", ".yaml");
        try {
            String text = "stack: s\ndescription: " + "a".repeat(n) + "\nresources: []\n";
            Files.writeString(file, text, StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            String outcome;
            try {
                reader.load(file);
                outcome = "accepted";
            } catch (StackException e) {
                String first = e.problems().get(0).format();
                outcome = "refused: " + (first.length() > 160 ? first.substring(0, 160) + "…" : first);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (print) System.out.printf("line of %,d characters (file %,d bytes): %,d ms, %s%n", n, Files.size(file), ms, outcome);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
