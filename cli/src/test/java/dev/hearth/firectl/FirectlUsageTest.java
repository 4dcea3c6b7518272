package dev.hearth.firectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help and argument errors, which never reach a server. */
class FirectlUsageTest {
    private static final Map<String, String> NO_CONFIG = Map.of(Settings.CONFIG_DIR_VARIABLE, "/nonexistent/firectl-test");

    @Test
    void helpListsEveryCommandInBothOrders() {
        CliResult help = CliResult.run(NO_CONFIG, "--help").ok();

        List<String> lines = help.out().lines().map(String::strip).toList();
        for (String command : List.of("account ", "api-key ", "user ", "model ", "create ", "get ", "list, ls ", "update ",
                "delete ", "prepare ", "download ", "account, accounts ", "api-key, api-keys ", "user, users ",
                "model, models ", "deployment ", "deployed-model ", "deployment-shape-version ", "scale ", "undelete ",
                "deployment, deployments ", "deployed-model, deployed-models",
                "deployment-shape-version, deployment-shape-versions", "load-lora ", "unload-lora ")) {
            assertTrue(lines.stream().anyMatch(line -> line.startsWith(command)), command + " missing from:\n" + help.out());
        }
        assertTrue(help.out().contains("--dry-run             Print the request proto without running it."), help.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"user create", "create user", "api-key create", "api-key list", "api-key delete", "user list",
        "user get", "user update", "user delete", "account get", "account list", "list users", "ls api-keys",
        "get account", "update user", "delete api-key", "model create", "model get", "model list", "model update",
        "model delete", "model prepare", "model download", "create model", "get model", "list models", "ls model",
        "update model", "delete model", "prepare model", "prepare-model", "download model", "deployment create",
        "deployment get", "deployment list", "deployment update", "deployment delete", "deployment undelete",
        "deployment scale", "create deployment", "get deployment", "list deployments", "ls deployment",
        "update deployment", "delete deployment", "undelete deployment", "scale deployment", "deployed-model get",
        "deployed-model list", "deployed-model update", "get deployed-model", "list deployed-models",
        "update deployed-model", "load-lora", "unload-lora", "deployment-shape-version get",
        "deployment-shape-version list", "get deployment-shape-version", "list deployment-shape-versions"})
    void everyCommandAndFlagIsDescribed(String command) {
        CliResult help = CliResult.run(NO_CONFIG, (command + " --help").split(" ")).ok();

        List<String> lines = help.out().lines().toList();
        String description = lines.stream().filter(line -> !line.startsWith("Usage:") && !line.startsWith(" ")).findFirst().orElseThrow();
        assertTrue(description.matches("[A-Z].*\\."), "no description in:\n" + help.out());
        for (int i = 0; i < lines.size(); i++) {
            // A long flag has its description on the next line, indented further.
            boolean describedBelow = i + 1 < lines.size() && lines.get(i + 1).matches(" {20,}\\S.*");
            if (lines.get(i).matches(" +(-\\w, )?--[a-z-]+(=\\S+)?") && !describedBelow) {
                throw new AssertionError("flag without a description: " + lines.get(i));
            }
        }
        for (String flag : List.of("--account-id", "--api-key", "--profile", "--output", "--dry-run", "--base-url")) {
            assertTrue(help.out().contains(flag), flag + " missing from:\n" + help.out());
        }
    }

    @Test
    void unknownFlagIsAUsageErrorOnOneLine() {
        CliResult result = CliResult.run(NO_CONFIG, "user", "list", "--bogus");

        assertEquals(2, result.status());
        assertEquals("firectl: Unknown option: '--bogus' (see 'firectl user list --help')\n", result.err());
    }

    @Test
    void badOutputFormatIsAUsageError() {
        CliResult result = CliResult.run(NO_CONFIG, "-o", "yaml", "account", "get");

        assertEquals(2, result.status());
        assertTrue(result.err().startsWith("firectl: Invalid value for option '--output'"), result.err());
    }

    @Test
    void badExpireTimeIsAUsageError() {
        CliResult result = CliResult.run(NO_CONFIG, "api-key", "create", "--expire-time", "next week");

        assertEquals(2, result.status());
        assertEquals("firectl: Invalid value for option '--expire-time': \"next week\" is not a time in "
                + "YYYY-MM-DD[ HH:MM:SS] format (UTC) (see 'firectl api-key create --help')\n", result.err());
    }

    @Test
    void groupWithoutCommandNamesTheChoices() {
        CliResult result = CliResult.run(NO_CONFIG, "user");

        assertEquals(2, result.status());
        assertEquals("firectl: missing command: choose one of create, get, list, update, delete (see 'firectl user --help')\n",
                result.err());
    }

    @Test
    void malformedResourceNameIsAUsageError() {
        CliResult result = CliResult.run(NO_CONFIG, "user", "get", "accounts/a/models/m", "--dry-run");

        assertEquals(2, result.status());
        assertEquals("firectl: \"accounts/a/models/m\" is not a resource name of the form accounts/ACCOUNT_ID/users/ID\n",
                result.err());
    }

    @Test
    void missingAccountNamesWhatToSet() {
        CliResult result = CliResult.run(NO_CONFIG, "user", "list", "--dry-run");

        assertEquals(2, result.status());
        assertEquals("firectl: no account ID: pass -a/--account-id, set FIREWORKS_ACCOUNT_ID, or set account_id in "
                + "/nonexistent/firectl-test/auth.ini [default]\n", result.err());
    }

    @Test
    void fullNamesNeedNoConfiguredAccount() {
        CliResult result = CliResult.run(NO_CONFIG, "get", "user", "accounts/other/users/u", "--dry-run").ok();

        assertEquals("GET http://127.0.0.1:8080/v1/accounts/other/users/u\n", result.out());
    }

    @Test
    void modelGroupNamesItsCommands() {
        CliResult result = CliResult.run(NO_CONFIG, "model");

        assertEquals(2, result.status());
        assertEquals("firectl: missing command: choose one of create, get, list, update, delete, prepare, download "
                + "(see 'firectl model --help')\n", result.err());
    }

    @Test
    void badWaitTimeoutIsAUsageError() {
        CliResult result = CliResult.run(NO_CONFIG, "model", "prepare", "m", "--precision", "Q8_0", "--wait-timeout", "soon");

        assertEquals(2, result.status());
        assertEquals("firectl: Invalid value for option '--wait-timeout': \"soon\" is not a duration such as 30s, 10m, "
                + "1h30m or 1.5h (see 'firectl model prepare --help')\n", result.err());
    }

    @Test
    void prepareNeedsAPrecision() {
        CliResult result = CliResult.run(NO_CONFIG, "prepare", "model", "m");

        assertEquals(2, result.status());
        assertTrue(result.err().startsWith("firectl: Missing required option: '--precision=string'"), result.err());
        assertEquals(2, CliResult.run(NO_CONFIG, "prepare-model", "m").status());
    }

    @Test
    void createNeedsAPath() {
        CliResult result = CliResult.run(NO_CONFIG, "create", "model", "m");

        assertEquals(2, result.status());
        assertTrue(result.err().startsWith("firectl: Missing required parameter: 'PATH'"), result.err());
    }
}
