package dev.mlpc.ui;

import javafx.css.Stylesheet;

import java.io.File;
import java.io.IOException;

/**
 * Build step (pom.xml, phase {@code process-classes}): compiles {@code mlpc.css} to the binary {@code mlpc.bss} beside
 * it in the jar. JavaFX's {@code StyleManager} loads a {@code .bss} found next to a requested {@code .css} instead of
 * parsing the text, which takes a cold start several times longer (issue 14, part 3; BENCHMARKS.md). Without the
 * {@code .bss} (e.g. classes built by an IDE) the text is parsed as before.
 */
public final class BinaryCss {
    private BinaryCss() { }

    /** {@code BinaryCss SOURCE.css TARGET.bss}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) throw new IllegalArgumentException("usage: BinaryCss SOURCE.css TARGET.bss");
        File target = new File(args[1]);
        if (target.getParentFile() != null) target.getParentFile().mkdirs();
        Stylesheet.convertToBinary(new File(args[0]), target);
    }
}
