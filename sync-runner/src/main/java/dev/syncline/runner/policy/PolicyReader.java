package dev.syncline.runner.policy;

import dev.syncline.connector.config.ConfigProblem;
import dev.syncline.connector.http.GuardedHttpClient;
import dev.syncline.connector.policy.AccessPolicy;
import dev.syncline.connector.policy.Decision;
import dev.syncline.connector.policy.EgressAllowList;
import dev.syncline.connector.policy.PermissionCatalog;
import dev.syncline.connector.spi.ConnectorMetrics;
import dev.syncline.runner.catalog.StripeCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads the policy keys of the YAML ({@code manifest}, {@code egress}, {@code routes} and each
 * pipeline's {@code expand}) and checks every pipeline against them at startup: a type the
 * manifest does not grant, a type the routes keep away and a destination off the allow-list are
 * problems at their YAML path, naming what is missing.
 *
 * <p>Deny by default: without a {@code manifest} key nothing may be read, which is a problem.
 */
public final class PolicyReader {
    /** Stripe expands at most 4 levels; {@code data.} of the list takes one. */
    private static final Pattern FIELD_PATH = Pattern.compile("[a-z_]+(\\.[a-z_]+){0,2}");

    private final List<ConfigProblem> problems;

    private PolicyReader(List<ConfigProblem> problems) {
        this.problems = problems;
    }

    /**
     * @param root the YAML tree
     * @param pipelines what each pipeline asks for
     * @param baseDir what a relative {@code manifest} path is relative to (the YAML file's folder)
     * @param problems receives every problem
     * @return the policy; meaningful only if no problem was added
     */
    public static AppPolicy read(Map<String, Object> root, List<PipelineRequest> pipelines, Path baseDir, List<ConfigProblem> problems) {
        return new PolicyReader(problems).readPolicy(root, pipelines, baseDir);
    }

    private AppPolicy readPolicy(Map<String, Object> root, List<PipelineRequest> pipelines, Path baseDir) {
        Manifest manifest = manifest(root.get("manifest"), baseDir);
        AccessPolicy access = AccessPolicy.granting(PermissionCatalog.standard(), manifest == null ? Set.of() : manifest.permissions());
        List<String> nonHttp = egressList(root.get("egress"));
        String file = manifest == null ? "manifest" : manifest.source();
        EgressAllowList egress = EgressAllowList.of(manifest == null ? List.of() : manifest.connectSrc(), nonHttp, (source, index, reason) ->
                problems.add(source == EgressAllowList.Source.CONNECT_SRC
                        ? ConfigProblem.of(file + ":ui_extension.content_security_policy.connect-src[" + index + "]",
                                manifest.connectSrc().get(index), reason)
                        : ConfigProblem.of("egress.allow[" + index + "]", nonHttp.get(index), reason)));
        Set<String> names = pipelines.stream().map(PipelineRequest::name).collect(Collectors.toSet());
        Map<String, List<String>> routes = routes(root.get("routes"), names);
        Map<String, Map<String, List<String>>> expansions = new LinkedHashMap<>();
        for (PipelineRequest pipeline : pipelines) {
            expansions.put(pipeline.name(), expansions(pipeline));
        }
        AppPolicy policy = new AppPolicy(file, access, egress, routes, expansions);
        if (manifest != null) {
            for (PipelineRequest pipeline : pipelines) {
                checkPipeline(pipeline, policy);
            }
        }
        return policy;
    }

    private @Nullable Manifest manifest(@Nullable Object raw, Path baseDir) {
        if (!(raw instanceof String path) || path.isBlank()) {
            problems.add(ConfigProblem.of("manifest", raw instanceof String ? null : raw, "is required: the path of the Stripe App "
                    + "manifest (stripe-app.json or stripe-app.yaml) whose permissions and connect-src allow-list Syncline "
                    + "enforces; without one nothing may be read (deny by default)"));
            return null;
        }
        return ManifestReader.read(baseDir.resolve(path), path, problems);
    }

    private List<String> egressList(@Nullable Object raw) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof Map<?, ?> egress)) {
            problems.add(ConfigProblem.of("egress", raw, "must be a mapping with allow: [non-HTTP destination URLs]"));
            return List.of();
        }
        for (Object key : egress.keySet()) {
            if (!"allow".equals(key)) {
                problems.add(ConfigProblem.of("egress." + key, null, "is not a known key; known keys: allow"));
            }
        }
        return strings(egress.get("allow"), "egress.allow");
    }

    private @Nullable Map<String, List<String>> routes(@Nullable Object raw, Set<String> pipelines) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Map<?, ?> map)) {
            problems.add(ConfigProblem.of("routes", raw, "must map object types to the pipelines they may reach, "
                    + "for example { customer: [warehouse, crm], charge: [warehouse] }"));
            return Map.of();
        }
        Map<String, List<String>> routes = new LinkedHashMap<>();
        map.forEach((type, targets) -> {
            String path = "routes." + type;
            if (StripeCatalog.find(String.valueOf(type)).isEmpty()) {
                problems.add(ConfigProblem.of(path, null, "is not a Stripe object type Syncline can sync"));
            }
            List<String> names = strings(targets, path);
            for (int i = 0; i < names.size(); i++) {
                if (!pipelines.contains(names.get(i))) {
                    problems.add(ConfigProblem.of(path + "[" + i + "]", names.get(i), "is not the name of a pipeline"));
                }
            }
            routes.put(String.valueOf(type), names);
        });
        return routes;
    }

    private Map<String, List<String>> expansions(PipelineRequest pipeline) {
        Object raw = pipeline.expand();
        String path = pipeline.path() + ".expand";
        if (raw == null) {
            return Map.of();
        }
        if (!(raw instanceof Map<?, ?> map)) {
            problems.add(ConfigProblem.of(path, raw, "must map object types to the fields to expand, for example { customer: [subscriptions] }"));
            return Map.of();
        }
        List<String> objects = pipeline.objects() instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        Map<String, List<String>> expansions = new LinkedHashMap<>();
        map.forEach((type, fields) -> {
            String typePath = path + "." + type;
            if (!objects.contains(String.valueOf(type))) {
                problems.add(ConfigProblem.of(typePath, null, "expands a type this pipeline does not sync; its objects are: " + objects));
            }
            List<String> names = strings(fields, typePath);
            for (int i = 0; i < names.size(); i++) {
                if (!FIELD_PATH.matcher(names.get(i)).matches()) {
                    problems.add(ConfigProblem.of(typePath + "[" + i + "]", names.get(i),
                            "must be a field path such as subscriptions or default_source, at most 3 levels deep"));
                }
            }
            expansions.put(String.valueOf(type), names);
        });
        return expansions;
    }

    private void checkPipeline(PipelineRequest pipeline, AppPolicy policy) {
        if (pipeline.objects() instanceof List<?> objects) {
            // Judges only; startup refusals are configuration problems, not audited denials.
            PipelinePolicy judge = new PipelinePolicy(pipeline.name(), policy.access(), policy.routedTypes(pipeline.name()),
                    Map.of(), new PolicyAudit(pipeline.name(), ConnectorMetrics.noop()), GuardedHttpClient.denyingAll());
            for (int i = 0; i < objects.size(); i++) {
                String type = String.valueOf(objects.get(i));
                if (StripeCatalog.find(type).isEmpty()) {
                    continue; // reported by the configuration reader
                }
                Decision decision = judge.allows(type);
                if (decision.denied()) {
                    problems.add(ConfigProblem.of(pipeline.path() + ".objects[" + i + "]", type, decision.permission()
                            .map(p -> "needs the " + p + " permission, which the manifest " + policy.manifest() + " does not grant")
                            .orElse(decision.reason())));
                }
            }
        }
        String url = pipeline.destinationUrl();
        if (url != null && !pipeline.embedded()) {
            Decision egress = policy.egress().check(url);
            if (egress.denied()) {
                problems.add(ConfigProblem.of(pipeline.path() + ".destination.url", url, egress.reason()
                        + "; allow it in the manifest's connect-src (HTTPS) or in egress.allow (other destinations)"));
            }
        }
    }

    private List<String> strings(@Nullable Object raw, String path) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            problems.add(ConfigProblem.of(path, raw, "must be a list"));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item instanceof Map<?, ?> || item instanceof List<?> || item == null) {
                problems.add(ConfigProblem.of(path + "[" + i + "]", null, "must be a single value"));
            } else {
                out.add(String.valueOf(item));
            }
        }
        return out;
    }
}
