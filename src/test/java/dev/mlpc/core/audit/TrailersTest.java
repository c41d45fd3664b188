package dev.mlpc.core.audit;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrailersTest {
    @Test
    void theLastParagraphOfKeyValueLinesIsTheTrailerBlock() {
        String msg = ConfigRepository.buildMessage("Subject\n\nBody: with a colon\n\nmore text", "s", "+1 ~0 -0",
                "a".repeat(64), "failed (x)");
        assertThat(Trailers.parse(msg)).containsExactly(Map.entry("Stack", "s"), Map.entry("Plan", "+1 ~0 -0"),
                Map.entry("Plan-Sha256", "a".repeat(64)), Map.entry("Applied", "failed (x)"));
    }

    @Test
    void subjectOnlyOrProseIsNotATrailerBlock() {
        assertThat(Trailers.parse("Stack: s")).isEmpty();
        assertThat(Trailers.parse("Subject\n\nStack: s\nthis is prose\nand more prose")).isEmpty();
        assertThat(Trailers.parse(null)).isEmpty();
    }

    @Test
    void continuationLinesCrLfAndGitGeneratedLinesAreHandled() {
        assertThat(Trailers.parse("S\r\n\r\nApplied: failed (long\r\n  reason)\r\nStack: s\r\n"))
                .containsEntry("Applied", "failed (long reason)").containsEntry("Stack", "s");
        assertThat(Trailers.parse("S\n\nStack: s\n(cherry picked from commit abc)\n"))
                .containsExactly(Map.entry("Stack", "s"));
        assertThat(Trailers.parse("S\n\nStack: s\nStack: t\n")).containsExactly(Map.entry("Stack", "t"));
    }
}
