package dev.hearth.firectl;

import java.nio.file.Path;
import java.util.Map;

/** Where to send requests and as whom, resolved flag first, then environment, then the auth.ini profile. */
record Settings(String apiKey, String accountId, String baseUrl, String profileSource) {
    static final String DEFAULT_BASE_URL = "http://127.0.0.1:8080";
    static final String API_KEY_VARIABLE = "FIREWORKS_API_KEY";
    static final String ACCOUNT_ID_VARIABLE = "FIREWORKS_ACCOUNT_ID";
    static final String BASE_URL_VARIABLE = "FIREWORKS_BASE_URL";
    /** Replaces {@code ~/.fireworks} as the directory that holds auth.ini (used by tests and sandboxes). */
    static final String CONFIG_DIR_VARIABLE = "FIRECTL_CONFIG_DIR";

    static Settings resolve(GlobalOptions flags, Map<String, String> env) {
        Path configDir = env.containsKey(CONFIG_DIR_VARIABLE) ? Path.of(env.get(CONFIG_DIR_VARIABLE))
                : Path.of(System.getProperty("user.home"), ".fireworks");
        AuthIni ini = AuthIni.read(configDir.resolve("auth.ini"));
        String profileName = flags.profile == null ? AuthIni.DEFAULT_PROFILE : flags.profile;
        Map<String, String> profile = ini.profile(profileName).orElseGet(() -> {
            if (flags.profile != null) {
                throw new UsageException("profile \"" + flags.profile + "\" not found in " + ini.file());
            }
            return Map.of();
        });
        String baseUrl = first(flags.baseUrl, env.get(BASE_URL_VARIABLE), profile.get("base_url"));
        return new Settings(
                first(flags.apiKey, env.get(API_KEY_VARIABLE), profile.get("api_key")),
                first(flags.accountId, env.get(ACCOUNT_ID_VARIABLE), profile.get("account_id")),
                baseUrl == null ? DEFAULT_BASE_URL : baseUrl,
                ini.file() + " [" + profileName + "]");
    }

    String requireApiKey() {
        if (apiKey == null) {
            throw new UsageException("no API key: pass --api-key, set " + API_KEY_VARIABLE + ", or set api_key in " + profileSource);
        }
        return apiKey;
    }

    String requireAccountId() {
        if (accountId == null) {
            throw new UsageException("no account ID: pass -a/--account-id, set " + ACCOUNT_ID_VARIABLE
                    + ", or set account_id in " + profileSource);
        }
        return accountId;
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.strip();
            }
        }
        return null;
    }
}
