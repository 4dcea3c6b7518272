package dev.hearth.firectl;

import java.util.function.Supplier;

/** A resource given on the command line as a short ID or as a full name such as {@code accounts/a/users/u}. */
record ResourceName(String accountId, String id) {
    /**
     * Splits {@code accounts/A/<collection>/ID} into A and ID; a short ID gets the configured account, which is
     * looked up only then so that full names work without one.
     */
    static ResourceName parse(String value, String collection, Supplier<String> defaultAccount) {
        if (!value.startsWith("accounts/")) {
            return new ResourceName(defaultAccount.get(), value);
        }
        String[] parts = value.split("/", -1);
        if (parts.length != 4 || !parts[2].equals(collection) || parts[1].isEmpty() || parts[3].isEmpty()) {
            throw new UsageException("\"" + value + "\" is not a resource name of the form accounts/ACCOUNT_ID/"
                    + collection + "/ID");
        }
        return new ResourceName(parts[1], parts[3]);
    }

    /** Accepts {@code ID} or {@code accounts/ID}. */
    static String accountId(String value) {
        if (!value.startsWith("accounts/")) {
            return value;
        }
        String id = value.substring("accounts/".length());
        if (id.isEmpty() || id.contains("/")) {
            throw new UsageException("\"" + value + "\" is not an account name of the form accounts/ACCOUNT_ID");
        }
        return id;
    }

    String fullName(String collection) {
        return "accounts/" + accountId + "/" + collection + "/" + id;
    }
}
