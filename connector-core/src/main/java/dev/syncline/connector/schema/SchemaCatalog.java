package dev.syncline.connector.schema;

import java.util.Optional;

/** Looks up the schema of an object type; provided to connectors by the runner. */
@FunctionalInterface
public interface SchemaCatalog {
    /** The schema of {@code objectType}, or empty if the type is not known to the pinned API version. */
    Optional<ObjectSchema> schemaOf(String objectType);

    /** A catalog that knows no types: connectors then keep only the system columns and the raw object. */
    static SchemaCatalog empty() {
        return type -> Optional.empty();
    }
}
