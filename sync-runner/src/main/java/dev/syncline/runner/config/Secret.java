package dev.syncline.runner.config;

import java.util.Objects;

/** A configuration value that must never be printed: {@link #toString()} hides it. */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The value, for the one place that sends it (an Authorization header). */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "[hidden]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
