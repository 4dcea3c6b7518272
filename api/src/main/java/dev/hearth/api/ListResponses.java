package dev.hearth.api;

import java.util.List;

/** List responses: the items under the resource's list key, {@code nextPageToken} (absent on the last page), {@code totalSize}. */
public final class ListResponses {
    private ListResponses() {}

    public record Accounts(List<Account> accounts, String nextPageToken, Integer totalSize) {}

    public record Users(List<User> users, String nextPageToken, Integer totalSize) {}

    public record ApiKeys(List<ApiKey> apiKeys, String nextPageToken, Integer totalSize) {}
}
