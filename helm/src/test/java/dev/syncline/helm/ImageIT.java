package dev.syncline.helm;

import static dev.syncline.helm.RenderedChart.list;
import static dev.syncline.helm.RenderedChart.map;
import static dev.syncline.helm.RenderedChart.path;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.yaml.snakeyaml.Yaml;

/**
 * The Dockerfile and the chart agree, and the image's layout works: no Docker engine is needed.
 * The runner's jar is extracted with the Dockerfile's own command, its layers are put together as
 * the Dockerfile's COPY lines do, and the Dockerfile's ENTRYPOINT validates the configuration the
 * chart renders, as the pod would read it.
 */
class ImageIT {
    private static final Path ROOT = RenderedChart.repositoryRoot();

    @TempDir
    Path tmp;

    /** The assembled /app, shared by the tests that run it (the jar is large to extract). */
    @TempDir
    static Path image;
    private static Path app;

    @Test
    void theDockerfileBuildsAndExtractsTheRunnersExecutableJar() throws Exception {
        String dockerfile = dockerfile();
        assertThat(dockerfile).contains("./mvnw -B -ntp -pl sync-runner -am package -DskipTests");
        Element plugin = springBootPlugin();
        String jar = "sync-runner/target/" + text(pom("sync-runner/pom.xml").getDocumentElement(), "build", "finalName")
                + "-" + text(plugin, "configuration", "classifier") + ".jar";
        assertThat(jar).isEqualTo("sync-runner/target/syncline-exec.jar");
        assertThat(extractCommand(dockerfile)).contains("-jar " + jar + " extract --layers --launcher");
        assertThat(text(plugin, "configuration", "mainClass")).isEqualTo("dev.syncline.runner.cli.SynclineCli");
        try (JarFile built = new JarFile(ROOT.resolve(jar).toFile())) {
            assertThat(built.getManifest().getMainAttributes().getValue("Start-Class")).isEqualTo("dev.syncline.runner.cli.SynclineCli");
            assertThat(built.getEntry("BOOT-INF/layers.idx")).as("the jar is layered").isNotNull();
            assertThat(entrypoint(dockerfile)).contains(built.getManifest().getMainAttributes().getValue("Main-Class"));
        }
    }

    @Test
    void theChartRunsTheImagesUserCommandAndPortWithTheChartsVersion() throws Exception {
        String dockerfile = dockerfile();
        RenderedChart chart = RenderedChart.render();
        assertThat(jsonArray(dockerfile, "CMD")).isEqualTo(chart.container().get("args"));
        Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$").matcher(dockerfile);
        assertThat(user.find()).isTrue();
        assertThat(path(chart.podSpec(), "securityContext", "runAsUser")).isEqualTo(Integer.parseInt(user.group(1)));
        assertThat(path(chart.podSpec(), "securityContext", "runAsGroup")).isEqualTo(Integer.parseInt(user.group(2)));
        Matcher expose = Pattern.compile("(?m)^EXPOSE (\\d+)$").matcher(dockerfile);
        assertThat(expose.find()).isTrue();
        assertThat(chart.containerPort("http")).isEqualTo(Integer.parseInt(expose.group(1)));
        // The mounted data volume is the image user's home and working directory.
        assertThat(dockerfile).contains("--home-dir /var/lib/syncline").contains("WORKDIR /var/lib/syncline");
        assertThat(list(chart.container().get("volumeMounts"))).extracting(v -> map(v).get("mountPath")).contains("/var/lib/syncline");

        Map<String, Object> chartYaml = map(new Yaml().load(Files.readString(RenderedChart.chartDir().resolve("Chart.yaml"))));
        String projectVersion = text(pom("pom.xml").getDocumentElement(), "version");
        assertThat(chartYaml.get("appVersion")).isEqualTo(projectVersion.replace("-SNAPSHOT", ""));
        assertThat(chart.container().get("image")).isEqualTo("syncline/syncline:" + chartYaml.get("appVersion"));
    }

    @Test
    void theImagesLayoutValidatesTheConfigurationTheChartRenders() throws Exception {
        String dockerfile = dockerfile();
        List<String> command = entrypointOver(assembleApp(dockerfile), dockerfile);

        // The chart's files, where the pod mounts them, and the pod's environment.
        RenderedChart chart = RenderedChart.render("everything-on.yaml");
        Path config = tmp.resolve("etc/syncline");
        Files.createDirectories(config);
        Files.writeString(config.resolve("syncline.yaml"), chart.configText());
        Files.writeString(config.resolve("stripe-app.json"), chart.manifestText());
        Map<String, String> env = new HashMap<>();
        for (Map<String, Object> variable : chart.env()) {
            String name = (String) variable.get("name");
            env.put(name, variable.get("value") != null ? (String) variable.get("value") : "secret-" + name.toLowerCase());
        }
        env.put("STRIPE_API_KEY", "sk_test_image");
        env.put("STRIPE_WEBHOOK_SECRET", "whsec_image");

        List<String> validate = new ArrayList<>(command);
        validate.addAll(List.of("validate", "--config", config.resolve("syncline.yaml").toString()));
        Result result = run(validate, tmp, env);
        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("is valid: 2 pipeline(s)");

        List<String> version = new ArrayList<>(command);
        version.add("--version");
        Map<String, Object> chartYaml = map(new Yaml().load(Files.readString(RenderedChart.chartDir().resolve("Chart.yaml"))));
        Result printed = run(version, tmp, Map.of());
        assertThat(printed.exitCode).isZero();
        assertThat(printed.output.strip()).isEqualTo("Syncline " + chartYaml.get("appVersion"));
    }

    /**
     * The chart's probes and ServiceMonitor rely on this: with the MANAGEMENT_SERVER_PORT the
     * Deployment sets, Actuator's health groups and the Prometheus endpoint answer on that port, and
     * not on the HTTP port. Runs the image's layout with the demo (simulator and embedded Postgres).
     */
    /**
     * {@code syncline backfill} runs with the same batch JVM settings (C1 only, the parallel collector)
     * from the repository's {@code ./syncline} and from the image's CLI wrapper, and the image's Java
     * takes them; other commands keep the JVM's defaults, and the variables replace or add options
     * (ADR 0013). A stand-in {@code java} prints the arguments each launcher gives it.
     */
    @Test
    void bothLaunchersRunTheBackfillWithTheBatchJvmSettings() throws Exception {
        String dockerfile = dockerfile();
        String script = Files.readString(ROOT.resolve("syncline"));
        String batch = backfillDefaults(script);
        assertThat(batch).contains("-XX:TieredStopAtLevel=1").contains("-XX:+UseParallelGC");
        assertThat(backfillDefaults(dockerfile)).isEqualTo(batch);

        Path bin = tmp.resolve("jdk/bin");
        Files.createDirectories(bin);
        Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"$@\"\n");
        assertThat(bin.resolve("java").toFile().setExecutable(true)).isTrue();
        // ./syncline beside a jar newer than any source, so it does not build.
        Path repository = tmp.resolve("repository");
        Files.createDirectories(repository.resolve("sync-runner/target"));
        Files.writeString(repository.resolve("syncline"), script);
        Files.writeString(repository.resolve("sync-runner/target/syncline-exec.jar"), "");
        String jar = " -jar sync-runner/target/syncline-exec.jar ";
        Map<String, String> java = Map.of("JAVA_HOME", tmp.resolve("jdk").toString());

        assertThat(launch(List.of("sh", "syncline", "backfill", "--config", "s.yaml"), repository, java).strip())
                .isEqualTo(batch + jar + "backfill --config s.yaml");
        assertThat(launch(List.of("sh", "syncline", "run", "--config", "s.yaml"), repository, java).strip())
                .isEqualTo(jar.strip() + " run --config s.yaml");
        Map<String, String> added = new HashMap<>(java);
        added.put("SYNCLINE_JVM_OPTIONS", "-Xmx256m");
        assertThat(launch(List.of("sh", "syncline", "backfill"), repository, added).strip())
                .isEqualTo(batch + " -Xmx256m" + jar + "backfill");
        Map<String, String> defaults = new HashMap<>(added);
        defaults.put("SYNCLINE_BACKFILL_JVM_OPTIONS", "");
        assertThat(launch(List.of("sh", "syncline", "backfill"), repository, defaults).strip())
                .isEqualTo("-Xmx256m" + jar + "backfill");

        // The image's /usr/local/bin/syncline, as the Dockerfile's printf writes it.
        Matcher printf = Pattern.compile("(?m)^RUN printf '(.*)' > /usr/local/bin/syncline").matcher(dockerfile);
        assertThat(printf.find()).as("the Dockerfile writes the CLI wrapper with printf").isTrue();
        Path wrapper = tmp.resolve("wrapper");
        Files.writeString(wrapper, printf.group(1).replace("\\n", "\n"));
        Map<String, String> path = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        String launcher = " -cp /app org.springframework.boot.loader.launch.JarLauncher ";
        assertThat(launch(List.of("sh", wrapper.toString(), "backfill"), tmp, path).strip())
                .isEqualTo("-Xmx256m " + batch + launcher + "backfill");
        assertThat(launch(List.of("sh", wrapper.toString(), "dead-letters", "list"), tmp, path).strip())
                .isEqualTo("-Xmx256m " + launcher.strip() + " dead-letters list");

        List<String> version = new ArrayList<>(List.of(imageJava(dockerfile)));
        version.addAll(List.of(batch.split(" ")));
        version.add("-version");
        Result accepted = run(version, tmp, Map.of());
        assertThat(accepted.exitCode).as(accepted.output).isZero();
    }

    @Test
    void actuatorServesTheProbesAndPrometheusOnTheChartsMetricsPortOnly() throws Exception {
        String dockerfile = dockerfile();
        List<String> command = new ArrayList<>(entrypointOver(assembleApp(dockerfile), dockerfile));
        RenderedChart chart = RenderedChart.render();
        String managementVariable = "MANAGEMENT_SERVER_PORT";
        assertThat(chart.env()).anyMatch(e -> managementVariable.equals(e.get("name")));
        int http = freePort();
        int metrics = freePort();
        int postgres = freePort();
        command.addAll(List.of("demo", "--customers", "20", "--http-port", String.valueOf(http), "--postgres-port",
                String.valueOf(postgres), "--data-dir", tmp.resolve("data").toString()));
        Path log = tmp.resolve("demo.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put(managementVariable, String.valueOf(metrics));
        Process process = builder.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            String probes = "http://127.0.0.1:" + metrics;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            HttpResponse<String> liveness = null;
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    liveness = get(client, probes + chart.probePath("livenessProbe"));
                    if (liveness.statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
            assertThat(liveness).as("liveness answered; log: %s", Files.readString(log)).isNotNull();
            assertThat(liveness.statusCode()).isEqualTo(200);
            assertThat(liveness.body()).contains("\"status\":\"UP\"");
            HttpResponse<String> readiness = get(client, probes + chart.probePath("readinessProbe"));
            assertThat(readiness.statusCode()).isEqualTo(200);
            // The path the chart's ServiceMonitor scrapes.
            HttpResponse<String> prometheus = get(client, probes + "/actuator/prometheus");
            assertThat(prometheus.statusCode()).isEqualTo(200);
            assertThat(prometheus.body()).contains("syncline_stripe_requests_total", "syncline_stripe_budget_requests_s");
            // On the image's Java where this machine has it (ADR 0012), else on this JVM.
            int java = command.get(0).equals(java()) ? Runtime.version().feature() : imageJavaVersion(dockerfile);
            assertThat(prometheus.body()).containsPattern("jvm_info\\{[^}]*version=\"" + java + "[.+\"]");
            // Not on the webhook port.
            assertThat(get(client, "http://127.0.0.1:" + http + "/actuator/prometheus").statusCode()).isEqualTo(404);
            assertThat(get(client, "http://127.0.0.1:" + http + "/actuator/health").statusCode()).isEqualTo(404);
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Extracts the runner's jar with the Dockerfile's command and puts /app together as its COPY lines do. */
    private static synchronized Path assembleApp(String dockerfile) throws Exception {
        if (app != null) {
            return app;
        }
        Path layers = image.resolve("layers");
        List<String> extract = new ArrayList<>(List.of(java()));
        extract.addAll(List.of(extractCommand(dockerfile).replaceFirst("^java ", "").replace("/layers", layers.toString()).split(" ")));
        Result extracted = run(extract, ROOT, Map.of());
        assertThat(extracted.exitCode).as(extracted.output).isZero();

        Path assembled = image.resolve("app");
        Matcher copy = Pattern.compile("(?m)^COPY --from=build /layers/([a-z-]+)/ /app/$").matcher(dockerfile);
        List<String> copied = new ArrayList<>();
        while (copy.find()) {
            copied.add(copy.group(1));
            copyTree(layers.resolve(copy.group(1)), assembled);
        }
        assertThat(copied).containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
        try (var names = Files.list(layers)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(copied);
        }
        app = assembled;
        return app;
    }

    /**
     * The Dockerfile's ENTRYPOINT, with the image's Java for java where this machine has it (see
     * {@link #imageJava}) and the assembled directory for /app.
     */
    private static List<String> entrypointOver(Path app, String dockerfile) throws IOException {
        String java = imageJava(dockerfile);
        List<String> command = new ArrayList<>();
        for (String part : jsonArray(dockerfile, "ENTRYPOINT")) {
            command.add(part.equals("java") ? java : part.equals("/app") ? app.toString() : part);
        }
        return command;
    }

    /**
     * The JDK under /usr/lib/jvm whose major version is the runtime image's (the Dockerfile's
     * {@code RUNTIME_IMAGE}), chosen as {@code ./bench} chooses it, so the image's layout is run on the Java
     * the image ships; this JVM where the machine has no such JDK.
     */
    private static String imageJava(String dockerfile) throws IOException {
        int major = imageJavaVersion(dockerfile);
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (var homes = Files.list(jvms)) {
                for (Path home : homes.sorted().toList()) {
                    Path release = home.resolve("release");
                    if (Files.isExecutable(home.resolve("bin/java")) && Files.isRegularFile(release)
                            && Pattern.compile("(?m)^JAVA_VERSION=\"" + major + "[.\"]").matcher(Files.readString(release)).find()) {
                        return home.resolve("bin/java").toString();
                    }
                }
            }
        }
        return java();
    }

    /** The major Java version of the Dockerfile's {@code RUNTIME_IMAGE}. */
    private static int imageJavaVersion(String dockerfile) {
        Matcher runtime = Pattern.compile("(?m)^ARG RUNTIME_IMAGE=eclipse-temurin:(\\d+)-jre-").matcher(dockerfile);
        assertThat(runtime.find()).as("the Dockerfile names a Temurin JRE as its runtime image").isTrue();
        return Integer.parseInt(runtime.group(1));
    }

    private record Result(int exitCode, String output) {}

    /** The default of {@code ${SYNCLINE_BACKFILL_JVM_OPTIONS-…}} in a launcher. */
    private static String backfillDefaults(String launcher) {
        Matcher m = Pattern.compile("\\$\\{SYNCLINE_BACKFILL_JVM_OPTIONS-([^}]*)}").matcher(launcher);
        assertThat(m.find()).as("the launcher has batch JVM settings for the backfill").isTrue();
        return m.group(1);
    }

    /** What a launcher printed through the stand-in java, with none of the launchers' variables inherited. */
    private static String launch(List<String> command, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeAll(List.of("JAVA_HOME", "SYNCLINE_JVM_OPTIONS", "SYNCLINE_BACKFILL_JVM_OPTIONS"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static Result run(List<String> command, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target);
                }
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String dockerfile() throws IOException {
        return Files.readString(ROOT.resolve("Dockerfile"));
    }

    /** The build stage's `RUN java -Djarmode=tools …` command, without RUN. */
    private static String extractCommand(String dockerfile) {
        Matcher m = Pattern.compile("(?m)^RUN (java -Djarmode=tools .*)$").matcher(dockerfile);
        assertThat(m.find()).as("the Dockerfile extracts the layered jar").isTrue();
        return m.group(1).strip();
    }

    private static List<String> entrypoint(String dockerfile) {
        return jsonArray(dockerfile, "ENTRYPOINT");
    }

    /** An exec-form instruction's arguments. */
    private static List<String> jsonArray(String dockerfile, String instruction) {
        Matcher m = Pattern.compile("(?m)^" + instruction + " (\\[.*])$").matcher(dockerfile);
        assertThat(m.find()).as("an exec-form %s", instruction).isTrue();
        List<Object> parts = list(new Yaml().load(m.group(1)));
        return parts.stream().map(String.class::cast).toList();
    }

    private static Document pom(String file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve(file).toFile());
    }

    private static Element springBootPlugin() throws Exception {
        var plugins = pom("sync-runner/pom.xml").getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if ("spring-boot-maven-plugin".equals(text(plugin, "artifactId"))) {
                return plugin;
            }
        }
        throw new AssertionError("sync-runner/pom.xml has no spring-boot-maven-plugin");
    }

    /** The text of the first child element along the path (direct children only). */
    private static String text(Element root, String... names) {
        Element at = root;
        for (String name : names) {
            Element next = null;
            for (var n = at.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals(name)) {
                    next = e;
                    break;
                }
            }
            assertThat(next).as("<%s> under <%s>", name, at.getTagName()).isNotNull();
            at = next;
        }
        return at.getTextContent().strip();
    }
}
