package dev.syncline.runner.policy;

import dev.syncline.connector.policy.PermissionCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Manifests for tests: written to files, since the YAML names a manifest by its path. */
public final class TestManifests {
    private static Path everything;

    private TestManifests() {}

    /** A v1 manifest granting every read permission of the catalog and event_read. */
    public static synchronized Path grantingEverything() {
        if (everything == null) {
            List<String> permissions = new ArrayList<>(new TreeSet<>(PermissionCatalog.standard().readPermissions().values()));
            permissions.add(PermissionCatalog.EVENT_READ);
            everything = write(temp(), permissions, List.of());
        }
        return everything;
    }

    /** A v1 manifest granting exactly {@code permissions} and allowing {@code connectSrc}, in {@code dir}. */
    public static Path write(Path dir, List<String> permissions, List<String> connectSrc) {
        String entries = permissions.stream()
                .map(p -> "{\"permission\": \"" + p + "\", \"purpose\": \"test\"}").collect(Collectors.joining(", "));
        String csp = connectSrc.isEmpty() ? "{}" : "{\"content_security_policy\": {\"purpose\": \"test\", \"connect-src\": ["
                + connectSrc.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(", ")) + "]}}";
        String json = "{\"id\": \"dev.syncline.test\", \"version\": \"1\", \"name\": \"Test\", \"icon\": \"icon.png\", "
                + "\"permissions\": [" + entries + "], \"ui_extension\": " + csp + "}";
        try {
            Files.createDirectories(dir);
            Path file = Files.createTempFile(dir, "stripe-app", ".json");
            Files.writeString(file, json);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The YAML line naming {@code manifest}. */
    public static String line(Path manifest) {
        return "manifest: \"" + manifest.toAbsolutePath().toString().replace("\\", "/") + "\"\n";
    }

    private static Path temp() {
        try {
            return Files.createTempDirectory("syncline-manifest");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
