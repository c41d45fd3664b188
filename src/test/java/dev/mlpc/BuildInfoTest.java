package dev.mlpc;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class BuildInfoTest {
    @Test
    void theBuildsResourceCarriesThePomVersionAndTheCommit() throws Exception {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/dev/mlpc/build.properties")) {
            assertThat(in).as("generated build.properties").isNotNull();
            p.load(in);
        }
        // filtered by Maven: no ${…} left; the version is the pom's (digits and dots, maybe a qualifier)
        assertThat(p.getProperty("version")).matches("\\d+(\\.\\d+)*(-[A-Za-z0-9.]+)?");
        assertThat(p.getProperty("commit")).matches("[0-9a-f]{12}(-dirty)?|unknown");

        BuildInfo info = BuildInfo.current();
        assertThat(info.version()).isEqualTo(p.getProperty("version"));
        assertThat(info.text()).startsWith("mlpc " + p.getProperty("version") + " (")
                .matches("mlpc \\S+ \\((commit [0-9a-f]{12}(-dirty)?|unknown commit)\\)");
    }

    @Test
    void aBuildOutsideGitSaysUnknownCommit() {
        assertThat(BuildInfo.of("0.1.0", "unknown").text()).isEqualTo("mlpc 0.1.0 (unknown commit)");
        assertThat(BuildInfo.of("0.1.0", "${mlpc.git.commit}").text()).isEqualTo("mlpc 0.1.0 (unknown commit)");
        assertThat(BuildInfo.of("0.1.0", "").versionText()).isEqualTo("0.1.0 (unknown commit)");
        assertThat(BuildInfo.of("0.1.0", "2f9760440386").text()).isEqualTo("mlpc 0.1.0 (commit 2f9760440386)");
        assertThat(BuildInfo.of(null, null).text()).isEqualTo("mlpc unknown (unknown commit)");
    }

    @Test
    void dashDashVersionPrintsIt() {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = dev.mlpc.cli.MlpcCommand.run(new String[] {"--version"}, java.util.Map.of(),
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        assertThat(code).isZero();
        assertThat(out.toString().trim()).isEqualTo(BuildInfo.current().text()).doesNotContain("dev");
    }
}
