package dev.syncline.runner.app;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Chromium run headless as a command, for page tests: {@code --dump-dom} gives the DOM after the
 * page's scripts ran, {@code --screenshot} a PNG. The browser is found on the {@code PATH}
 * ({@code chromium}, {@code chromium-browser}, {@code google-chrome}) or at {@code -Dsyncline.chromium};
 * CI installs it ({@code .ci/run}). A missing browser fails the test rather than skipping it.
 */
final class HeadlessChromium {
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
    /** Virtual time the page gets to fetch {@code /status} and render before the DOM is taken. */
    private static final String BUDGET = "--virtual-time-budget=5000";

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    static HeadlessChromium find() {
        String configured = System.getProperty("syncline.chromium", "");
        Optional<Path> found = configured.isEmpty() ? onPath() : Optional.of(Path.of(configured)).filter(Files::isExecutable);
        return new HeadlessChromium(found.orElseThrow(() -> new AssertionError("Chromium is needed for the status page test: none of "
                + NAMES + " is on the PATH (CI installs it in .ci/run: apt-get install -y chromium), or set -Dsyncline.chromium")));
    }

    private static Optional<Path> onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : NAMES) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The serialised DOM of {@code url} once its scripts have run. */
    String dumpDom(String url) throws IOException, InterruptedException {
        return run(List.of(BUDGET, "--dump-dom", url));
    }

    /** A PNG of {@code url} at 1280×900 once its scripts have run. */
    void screenshot(String url, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(List.of(BUDGET, "--hide-scrollbars", "--window-size=1280,900", "--screenshot=" + png.toAbsolutePath(), url));
        if (!Files.exists(png)) {
            throw new AssertionError("Chromium wrote no screenshot to " + png);
        }
    }

    private String run(List<String> arguments) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("syncline-chromium");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile));
        command.addAll(arguments);
        Path out = Files.createTempFile("chromium", ".out");
        Path err = Files.createTempFile("chromium", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Chromium did not finish in 90 s: " + Files.readString(err));
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("Chromium exited with " + process.exitValue() + ": " + Files.readString(err));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
