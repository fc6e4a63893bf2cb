package dev.syncline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The objects `helm template` renders from the chart in helm/syncline, parsed. */
final class RenderedChart {
    static final String RELEASE = "sync";
    static final String NAMESPACE = "payments";
    /** The release's full name: "<release>-syncline". */
    static final String FULLNAME = RELEASE + "-syncline";

    private final String text;
    private final List<Map<String, Object>> objects;

    private RenderedChart(String text, List<Map<String, Object>> objects) {
        this.text = text;
        this.objects = objects;
    }

    /** The repository's root, found from the module's directory. */
    static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("helm/syncline/Chart.yaml"))) {
            dir = dir.getParent();
        }
        return Objects.requireNonNull(dir, "no helm/syncline/Chart.yaml above the working directory");
    }

    static Path chartDir() {
        return repositoryRoot().resolve("helm/syncline");
    }

    static Helm helm() {
        return new Helm(chartDir());
    }

    /** Renders with the chart's defaults and the values files in src/test/resources/values, in order. */
    static RenderedChart render(String... valuesFiles) {
        return render(t -> t, valuesFiles);
    }

    /** Renders with values files and further --set options. */
    static RenderedChart render(UnaryOperator<TemplateCommand> options, String... valuesFiles) {
        TemplateCommand template = helm().template().withName(RELEASE).withNamespace(NAMESPACE);
        for (String file : valuesFiles) {
            template = template.withValuesFile(valuesFile(file));
        }
        String text = options.apply(template).call();
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object doc : yaml().loadAll(text)) {
            if (doc != null) {
                objects.add(map(doc));
            }
        }
        return new RenderedChart(text, objects);
    }

    static Path valuesFile(String name) {
        Path file = repositoryRoot().resolve("helm/src/test/resources/values").resolve(name);
        assertThat(file).isRegularFile();
        return file;
    }

    static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    String text() {
        return text;
    }

    List<Map<String, Object>> objects() {
        return objects;
    }

    List<Map<String, Object>> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    boolean has(String kind) {
        return !all(kind).isEmpty();
    }

    /** The one object of this kind. */
    Map<String, Object> one(String kind) {
        List<Map<String, Object>> found = all(kind);
        assertThat(found).as("rendered objects of kind %s", kind).hasSize(1);
        return found.get(0);
    }

    Map<String, Object> deployment() {
        return one("Deployment");
    }

    Map<String, Object> podSpec() {
        return map(path(deployment(), "spec", "template", "spec"));
    }

    Map<String, Object> container() {
        List<Object> containers = list(podSpec().get("containers"));
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    /** The main ConfigMap (the configuration and the manifest). */
    Map<String, Object> configMap() {
        return all("ConfigMap").stream().filter(c -> FULLNAME.equals(path(c, "metadata", "name"))).findFirst().orElseThrow();
    }

    String configText() {
        return (String) path(configMap(), "data", "syncline.yaml");
    }

    Map<String, Object> config() {
        return map(yaml().load(configText()));
    }

    String manifestText() {
        return (String) path(configMap(), "data", "stripe-app.json");
    }

    String podAnnotation(String name) {
        return (String) map(path(deployment(), "spec", "template", "metadata", "annotations")).get(name);
    }

    /** The container's named port. */
    int containerPort(String name) {
        return list(container().get("ports")).stream().map(RenderedChart::map)
                .filter(p -> name.equals(p.get("name"))).map(p -> (Integer) p.get("containerPort")).findFirst().orElseThrow();
    }

    /** The HTTP path of one of the container's probes (livenessProbe, readinessProbe, startupProbe). */
    String probePath(String probe) {
        return (String) path(container(), probe, "httpGet", "path");
    }

    List<Map<String, Object>> env() {
        return list(container().get("env")).stream().map(RenderedChart::map).toList();
    }

    static Object path(Object root, Object... keys) {
        Object at = root;
        for (Object key : keys) {
            if (key instanceof Integer i) {
                at = list(at).get(i);
            } else {
                at = map(at).get(key);
            }
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }
}
