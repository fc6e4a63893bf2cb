package dev.syncline.sim.store;

import java.util.List;

/** One page of a list, newest first, and whether more objects exist in the paging direction. */
public record ListPage(List<StoredObject> data, boolean hasMore) {}
