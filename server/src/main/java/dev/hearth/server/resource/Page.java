package dev.hearth.server.resource;

import java.util.List;

/** One page of a list: the items, the token for the next page (null on the last), and the total matching. */
public record Page<T>(List<T> items, String nextPageToken, int totalSize) {}
