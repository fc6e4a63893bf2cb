package dev.syncline.sim.store;

import java.util.Optional;

/** The Stripe object types the simulator serves, with the names Stripe uses on the wire and in URLs. */
public enum ObjectType {
    CUSTOMER("customer", "customers"),
    PRODUCT("product", "products"),
    PRICE("price", "prices"),
    SUBSCRIPTION("subscription", "subscriptions"),
    INVOICE("invoice", "invoices");

    private final String objectName;
    private final String pathSegment;

    ObjectType(String objectName, String pathSegment) {
        this.objectName = objectName;
        this.pathSegment = pathSegment;
    }

    /** The value of the object's {@code object} field, e.g. {@code "customer"}. */
    public String objectName() {
        return objectName;
    }

    /** The collection segment of {@code /v1/<segment>}, e.g. {@code "customers"}. */
    public String pathSegment() {
        return pathSegment;
    }

    public String listUrl() {
        return "/v1/" + pathSegment;
    }

    public static Optional<ObjectType> byObjectName(String name) {
        for (ObjectType type : values()) {
            if (type.objectName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static Optional<ObjectType> byPathSegment(String segment) {
        for (ObjectType type : values()) {
            if (type.pathSegment.equals(segment)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
