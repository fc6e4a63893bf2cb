package dev.syncline.connector.config;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in a configuration at once, so people fix them in one pass. */
public final class InvalidConfigurationException extends RuntimeException {
    private final List<ConfigProblem> problems;

    public InvalidConfigurationException(List<ConfigProblem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String render(List<ConfigProblem> problems) {
        return "Invalid configuration, " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":\n"
                + problems.stream().map(p -> "  - " + p.render()).collect(Collectors.joining("\n"));
    }
}
