package dev.syncline.runner.policy;

import dev.syncline.connector.config.ConfigProblem;
import dev.syncline.connector.record.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a Stripe App manifest: {@code stripe-app.json} (v1: {@code permissions[].permission},
 * {@code ui_extension.content_security_policy.connect-src}) or {@code stripe-app.yaml} (v2:
 * {@code declarations.stripe_api_access.permissions}; v2 publishes no schema for an allow-list, so
 * the v1 location is read there too). Every problem is reported with its path inside the file,
 * as {@code <file>:permissions[1].purpose}.
 */
public final class ManifestReader {
    private static final Pattern PERMISSION = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern APP_ID = Pattern.compile("[a-zA-Z0-9_\\-.]+");
    private static final Set<String> V1_KEYS = Set.of("id", "version", "name", "icon", "permissions", "ui_extension",
            "post_install_action", "constants", "allowed_redirect_uris", "distribution_type", "stripe_api_access_type",
            "sandbox_install_compatible", "$schema", "extends");

    private final String file;
    private final List<ConfigProblem> problems;

    private ManifestReader(String file, List<ConfigProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /**
     * The manifest at {@code path}, or null if it cannot be used; {@code problems} receives why.
     *
     * @param shownAs how the YAML names the file, for problem paths
     */
    public static @Nullable Manifest read(Path path, String shownAs, List<ConfigProblem> problems) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            problems.add(ConfigProblem.of("manifest", shownAs, "cannot be read (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); it must be the app's stripe-app.json or stripe-app.yaml"));
            return null;
        }
        return parse(text, shownAs, problems);
    }

    /** Parses manifest text; a name ending in {@code .yaml} or {@code .yml} is read as v2. */
    public static @Nullable Manifest parse(String text, String shownAs, List<ConfigProblem> problems) {
        ManifestReader reader = new ManifestReader(shownAs, problems);
        boolean yaml = shownAs.endsWith(".yaml") || shownAs.endsWith(".yml");
        Map<String, @Nullable Object> root = yaml ? reader.yaml(text) : reader.json(text);
        if (root == null) {
            return null;
        }
        int before = problems.size();
        Manifest manifest = yaml ? reader.v2(root) : reader.v1(root);
        return problems.size() == before ? manifest : null;
    }

    private @Nullable Map<String, @Nullable Object> json(String text) {
        try {
            return Json.parseObject(text);
        } catch (IllegalArgumentException e) {
            problems.add(ConfigProblem.of("manifest", file, "is not a JSON object: " + e.getMessage()));
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private @Nullable Map<String, @Nullable Object> yaml(String text) {
        try {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            if (root instanceof Map<?, ?> map) {
                return (Map<String, @Nullable Object>) map;
            }
            problems.add(ConfigProblem.of("manifest", file, "must hold a YAML mapping"));
        } catch (YAMLException e) {
            problems.add(ConfigProblem.of("manifest", file, "is not valid YAML: " + e.getMessage()));
        }
        return null;
    }

    private Manifest v1(Map<String, @Nullable Object> root) {
        for (String key : root.keySet()) {
            if (!V1_KEYS.contains(key)) {
                problem(key, null, "is not a key of the v1 manifest schema");
            }
        }
        text(root, "id", "id", true).filter(id -> !APP_ID.matcher(id).matches())
                .ifPresent(id -> problem("id", id, "may hold only letters, digits, '_', '-' and '.'"));
        text(root, "version", "version", true);
        text(root, "name", "name", true);
        text(root, "icon", "icon", true);
        Set<String> permissions = permissions(root.get("permissions"), "permissions");
        List<String> connectSrc = connectSrc(root);
        return new Manifest(file, permissions, connectSrc);
    }

    private Manifest v2(Map<String, @Nullable Object> root) {
        if (!root.containsKey("extensions")) {
            problem("extensions", null, "is required in a v2 manifest (use extensions: [] for a backend-only app)");
        }
        Map<String, @Nullable Object> declarations = map(root.get("declarations"), "declarations", true);
        Map<String, @Nullable Object> access = map(declarations.get("stripe_api_access"), "declarations.stripe_api_access", true);
        Set<String> permissions = permissions(access.get("permissions"), "declarations.stripe_api_access.permissions");
        return new Manifest(file, permissions, connectSrc(root));
    }

    private Set<String> permissions(@Nullable Object raw, String path) {
        Set<String> granted = new LinkedHashSet<>();
        if (!(raw instanceof List<?> list)) {
            problem(path, raw, raw == null ? "is required: the permissions the app is granted" : "must be a list");
            return granted;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            Map<String, @Nullable Object> entry = map(list.get(i), at, true);
            for (String key : entry.keySet()) {
                if (!key.equals("permission") && !key.equals("purpose")) {
                    problem(at + "." + key, null, "is not a key of a permission (permission, purpose)");
                }
            }
            text(entry, "permission", at + ".permission", true).ifPresent(permission -> {
                if (!PERMISSION.matcher(permission).matches()) {
                    problem(at + ".permission", permission, "is not a permission name such as customer_read");
                } else if (!granted.add(permission)) {
                    problem(at + ".permission", permission, "is listed twice");
                }
            });
            text(entry, "purpose", at + ".purpose", true);
        }
        return granted;
    }

    private List<String> connectSrc(Map<String, @Nullable Object> root) {
        if (!root.containsKey("ui_extension")) {
            return List.of();
        }
        Map<String, @Nullable Object> ui = map(root.get("ui_extension"), "ui_extension", false);
        if (!ui.containsKey("content_security_policy")) {
            return List.of();
        }
        String cspPath = "ui_extension.content_security_policy";
        Map<String, @Nullable Object> csp = map(ui.get("content_security_policy"), cspPath, false);
        text(csp, "purpose", cspPath + ".purpose", true);
        Object raw = csp.get("connect-src");
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            problem(cspPath + ".connect-src", raw, "must be a list of URLs");
            return List.of();
        }
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof String url) {
                urls.add(url);
            } else {
                problem(cspPath + ".connect-src[" + i + "]", list.get(i), "must be a URL");
            }
        }
        return urls;
    }

    @SuppressWarnings("unchecked")
    private Map<String, @Nullable Object> map(@Nullable Object raw, String path, boolean required) {
        if (raw instanceof Map<?, ?> map) {
            return (Map<String, @Nullable Object>) map;
        }
        if (raw != null || required) {
            problem(path, raw, raw == null ? "is required" : "must be an object");
        }
        return Map.of();
    }

    private Optional<String> text(Map<String, @Nullable Object> map, String key, String path, boolean required) {
        Object raw = map.get(key);
        if (raw instanceof String s && !s.isBlank()) {
            return Optional.of(s);
        }
        if (raw != null || required) {
            problem(path, raw, raw == null ? "is required" : "must be a non-empty string");
        }
        return Optional.empty();
    }

    private void problem(String path, @Nullable Object value, String reason) {
        problems.add(ConfigProblem.of(file + ":" + path, value instanceof Map<?, ?> || value instanceof List<?> ? null : value, reason));
    }
}
