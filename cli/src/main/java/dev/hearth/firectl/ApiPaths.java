package dev.hearth.firectl;

import static dev.hearth.firectl.QueryString.encode;

/** The REST paths firectl calls. */
final class ApiPaths {
    private ApiPaths() {}

    static String accounts() {
        return "/v1/accounts";
    }

    static String account(String accountId) {
        return accounts() + "/" + encode(accountId);
    }

    static String users(String accountId) {
        return account(accountId) + "/users";
    }

    static String user(String accountId, String userId) {
        return users(accountId) + "/" + encode(userId);
    }

    /** The older account-level API key collection, which acts on the caller's own keys. */
    static String callerApiKeys(String accountId) {
        return account(accountId) + "/apiKeys";
    }

    /** One user's API keys; the user ID {@code -} stands for every user in the account. */
    static String userApiKeys(String accountId, String userId) {
        return user(accountId, userId) + "/apiKeys";
    }

    static String models(String accountId) {
        return account(accountId) + "/models";
    }

    static String model(String accountId, String modelId) {
        return models(accountId) + "/" + encode(modelId);
    }

    static String model(ResourceName name) {
        return model(name.accountId(), name.id());
    }

    static String deployments(String accountId) {
        return account(accountId) + "/deployments";
    }

    static String deployment(ResourceName name) {
        return deployments(name.accountId()) + "/" + encode(name.id());
    }

    static String deployedModels(String accountId) {
        return account(accountId) + "/deployedModels";
    }

    static String deployedModel(ResourceName name) {
        return deployedModels(name.accountId()) + "/" + encode(name.id());
    }

    /** A shape's versions; the shape ID {@code -} stands for every shape of the account. */
    static String deploymentShapeVersions(String accountId, String shapeId) {
        return account(accountId) + "/deploymentShapes/" + encode(shapeId) + "/versions";
    }

    static String deploymentShapeVersion(String accountId, String shapeId, String versionId) {
        return deploymentShapeVersions(accountId, shapeId) + "/" + encode(versionId);
    }
}
