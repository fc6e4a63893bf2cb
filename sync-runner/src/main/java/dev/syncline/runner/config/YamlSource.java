package dev.syncline.runner.config;

import dev.syncline.connector.config.ConfigProblem;
import dev.syncline.connector.config.InvalidConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads a configuration file into a plain tree of maps, lists and scalars. */
public final class YamlSource {
    private YamlSource() {}

    /**
     * @throws InvalidConfigurationException if the file cannot be read or is not a YAML mapping
     */
    public static Map<String, Object> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidConfigurationException(List.of(ConfigProblem.of("(file)", file, "cannot be read: " + e.getMessage())));
        }
        return parse(text, file.toString());
    }

    /** Parses YAML text; {@code origin} names it in problems. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String text, String origin) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try {
            Object root = yaml.load(text);
            if (root == null) {
                return new LinkedHashMap<>();
            }
            if (!(root instanceof Map<?, ?>)) {
                throw new InvalidConfigurationException(List.of(ConfigProblem.of("(root)", null, origin + " must hold a YAML mapping")));
            }
            return (Map<String, Object>) root;
        } catch (MarkedYAMLException e) {
            String where = e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1)
                    + ", column " + (e.getProblemMark().getColumn() + 1);
            throw new InvalidConfigurationException(List.of(ConfigProblem.of("(file)", null,
                    origin + " is not valid YAML" + where + ": " + e.getProblem())));
        } catch (YAMLException e) {
            throw new InvalidConfigurationException(List.of(ConfigProblem.of("(file)", null, origin + " is not valid YAML: " + e.getMessage())));
        }
    }
}
