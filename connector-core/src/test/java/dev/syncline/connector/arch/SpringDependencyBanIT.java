package dev.syncline.connector.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the build itself refuses a Spring dependency in connector-core: it copies the module's
 * pom, adds {@code spring-core}, and runs Maven's validate phase (where the enforcer rule runs)
 * on the copy.
 */
class SpringDependencyBanIT {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path ROOT = MODULE.getParent();

    @Test
    void addingSpringToConnectorCore_failsTheBuild(@TempDir Path copy) throws Exception {
        String pom = Files.readString(MODULE.resolve("pom.xml"))
                // Relative: Maven joins even an absolute relativePath onto the project's directory, and
                // without a local parent the copy would need syncline-parent installed in the local repository.
                .replace("<parent>", "<parent>\n    <relativePath>" + copy.relativize(ROOT.resolve("pom.xml")) + "</relativePath>")
                .replaceFirst("<dependencies>", "<dependencies>\n    <dependency><groupId>org.springframework</groupId>"
                        + "<artifactId>spring-core</artifactId></dependency>");
        Files.writeString(copy.resolve("pom.xml"), pom);

        Result withSpring = maven(copy);
        Result asIs = maven(MODULE);

        assertThat(asIs.exitCode()).as(asIs.output()).isZero();
        assertThat(withSpring.exitCode()).isNotZero();
        assertThat(withSpring.output())
                .contains("connector-core must not depend on Spring")
                .contains("org.springframework:spring-core");
    }

    private static Result maven(Path project) throws IOException, InterruptedException {
        Path log = Files.createTempFile("maven", ".log");
        Process process = new ProcessBuilder(List.of(ROOT.resolve("mvnw").toString(), "-B", "-q", "-f",
                project.resolve("pom.xml").toString(), "validate"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("maven did not finish in 5 minutes");
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {}
}
