package dev.hearth.firectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path configDir;

    private final GlobalOptions flags = new GlobalOptions();
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void writeAuthIni() throws IOException {
        env.put(Settings.CONFIG_DIR_VARIABLE, configDir.toString());
        Files.writeString(configDir.resolve("auth.ini"), """
                # written by hand
                [default]
                api_key = ini-key
                account_id = ini-account
                base_url = http://ini:1

                [staging]
                api_key=staging-key
                account_id = staging-account
                """);
    }

    @Test
    void flagWinsOverEnvironmentAndProfile() {
        flags.apiKey = "flag-key";
        flags.accountId = "flag-account";
        flags.baseUrl = "http://flag:3";
        env.putAll(Map.of("FIREWORKS_API_KEY", "env-key", "FIREWORKS_ACCOUNT_ID", "env-account",
                "FIREWORKS_BASE_URL", "http://env:2"));

        Settings settings = Settings.resolve(flags, env);

        assertEquals(new Settings("flag-key", "flag-account", "http://flag:3", settings.profileSource()), settings);
    }

    @Test
    void environmentWinsOverProfile() {
        env.putAll(Map.of("FIREWORKS_API_KEY", "env-key", "FIREWORKS_BASE_URL", "http://env:2"));

        Settings settings = Settings.resolve(flags, env);

        assertEquals("env-key", settings.apiKey());
        assertEquals("http://env:2", settings.baseUrl());
        assertEquals("ini-account", settings.accountId());
    }

    @Test
    void defaultProfileFillsTheRest() {
        Settings settings = Settings.resolve(flags, env);

        assertEquals("ini-key", settings.apiKey());
        assertEquals("ini-account", settings.accountId());
        assertEquals("http://ini:1", settings.baseUrl());
        assertEquals(configDir.resolve("auth.ini") + " [default]", settings.profileSource());
    }

    @Test
    void namedProfileIsReadOnItsOwn() {
        flags.profile = "staging";

        Settings settings = Settings.resolve(flags, env);

        assertEquals("staging-key", settings.apiKey());
        assertEquals("staging-account", settings.accountId());
        assertEquals(Settings.DEFAULT_BASE_URL, settings.baseUrl());
    }

    @Test
    void unknownProfileIsAUsageError() {
        flags.profile = "nope";

        UsageException error = assertThrows(UsageException.class, () -> Settings.resolve(flags, env));

        assertTrue(error.getMessage().startsWith("profile \"nope\" not found in "), error.getMessage());
    }

    @Test
    void keysBeforeAnySectionBelongToTheDefaultProfile() throws IOException {
        Files.writeString(configDir.resolve("auth.ini"), "api_key = top-key\naccount_id = top-account\n");

        Settings settings = Settings.resolve(flags, env);

        assertEquals("top-key", settings.apiKey());
        assertEquals("top-account", settings.accountId());
    }

    @Test
    void missingFileMeansNothingConfigured() throws IOException {
        Files.delete(configDir.resolve("auth.ini"));

        Settings settings = Settings.resolve(flags, env);

        assertNull(settings.apiKey());
        assertEquals(Settings.DEFAULT_BASE_URL, settings.baseUrl());
        UsageException noKey = assertThrows(UsageException.class, settings::requireApiKey);
        assertEquals("no API key: pass --api-key, set FIREWORKS_API_KEY, or set api_key in "
                + configDir.resolve("auth.ini") + " [default]", noKey.getMessage());
        UsageException noAccount = assertThrows(UsageException.class, settings::requireAccountId);
        assertTrue(noAccount.getMessage().startsWith("no account ID: pass -a/--account-id, set FIREWORKS_ACCOUNT_ID"));
    }

    @Test
    void malformedLineNamesTheFileAndLine() throws IOException {
        Files.writeString(configDir.resolve("auth.ini"), "[default]\napi_key\n");

        UsageException error = assertThrows(UsageException.class, () -> Settings.resolve(flags, env));

        assertTrue(error.getMessage().contains("auth.ini line 2"), error.getMessage());
    }
}
