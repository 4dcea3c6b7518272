package dev.hearth.server.runners;

import java.net.URI;

/** A snapshot of one pooled runner, for status pages and metrics. {@code pid} is -1 and {@code baseUrl} null unless READY. */
public record RunnerStatus(String key, String displayName, RunnerState state, long pid, URI baseUrl, int leases, String failureReason) {}
