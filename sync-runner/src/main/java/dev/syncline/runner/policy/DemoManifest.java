package dev.syncline.runner.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import dev.syncline.connector.policy.PermissionCatalog;

/**
 * The manifest of the zero-setup demo: it grants exactly the read permissions of the types the
 * demo syncs, plus {@code event_read}, and allows no egress (the demo writes only to the embedded
 * Postgres). Written next to the demo's data so people can read what the demo was granted.
 */
public final class DemoManifest {
    private DemoManifest() {}

    /** Writes {@code stripe-app.json} granting what {@code objects} need into {@code dir}; returns its path. */
    public static Path write(Path dir, List<String> objects) {
        PermissionCatalog catalog = PermissionCatalog.standard();
        TreeSet<String> permissions = objects.stream().map(t -> catalog.readPermission(t).orElseThrow())
                .collect(Collectors.toCollection(TreeSet::new));
        permissions.add(PermissionCatalog.EVENT_READ);
        String entries = permissions.stream()
                .map(p -> "    { \"permission\": \"" + p + "\", \"purpose\": \"Sync these objects into the demo warehouse\" }")
                .collect(Collectors.joining(",\n"));
        String json = """
                {
                  "id": "dev.syncline.demo",
                  "version": "0.1.0",
                  "name": "Syncline demo",
                  "icon": "./icon.png",
                  "permissions": [
                %s
                  ],
                  "ui_extension": {}
                }
                """.formatted(entries);
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("stripe-app.json");
            Files.writeString(file, json);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo manifest into " + dir, e);
        }
    }
}
