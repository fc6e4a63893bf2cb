package dev.syncline.sim.store;

/** A {@code starting_after}/{@code ending_before} id that the type has never held. */
public final class CursorNotFoundException extends RuntimeException {

    private final String cursorId;

    public CursorNotFoundException(String cursorId) {
        super("No such cursor object: " + cursorId);
        this.cursorId = cursorId;
    }

    public String cursorId() {
        return cursorId;
    }
}
