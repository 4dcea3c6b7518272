package dev.hearth.server.models;

import dev.hearth.server.http.ApiError;
import dev.hearth.server.resource.ResourceIds;

/** Model resource names: {@code accounts/A/models/M}, and the short form {@code A/M} the inference docs use. */
public final class ModelNames {
    /** The account that holds the built-in catalog, as on the hosted service. */
    public static final String CATALOG_ACCOUNT = "fireworks";

    private ModelNames() {}

    public static String name(String accountId, String modelId) {
        return "accounts/" + accountId + "/models/" + modelId;
    }

    /** An account and model ID parsed from a full or short model name. */
    public record Ref(String accountId, String modelId) {
        public String name() {
            return ModelNames.name(accountId, modelId);
        }
    }

    /**
     * Parses {@code accounts/A/models/M} or {@code A/M}; a bare {@code M} is taken from {@code defaultAccount}.
     *
     * @param field the request field, for the error message
     */
    public static Ref parse(String field, String value, String defaultAccount) {
        if (value == null || value.isBlank()) {
            throw ApiError.invalid(field, "must name a model, e.g. accounts/" + CATALOG_ACCOUNT + "/models/<id>");
        }
        String[] parts = value.split("/", -1);
        Ref ref;
        if (parts.length == 4 && parts[0].equals("accounts") && parts[2].equals("models")) {
            ref = new Ref(parts[1], parts[3]);
        } else if (parts.length == 2) {
            ref = new Ref(parts[0], parts[1]);
        } else if (parts.length == 1) {
            ref = new Ref(defaultAccount, parts[0]);
        } else {
            throw ApiError.invalid(field, "\"" + value + "\" is not a model name; expected accounts/<account>/models/<model>");
        }
        if (ResourceIds.problem(ref.accountId()) != null || ResourceIds.problem(ref.modelId()) != null) {
            throw ApiError.invalid(field, "\"" + value + "\" is not a model name; expected accounts/<account>/models/<model>");
        }
        return ref;
    }
}
