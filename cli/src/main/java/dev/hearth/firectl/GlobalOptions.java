package dev.hearth.firectl;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The flags every firectl command takes, before or after the command name. */
final class GlobalOptions {
    @Option(names = {"-a", "--account-id"}, scope = ScopeType.INHERIT, paramLabel = "string",
            description = "The Fireworks account ID. If not specified, reads FIREWORKS_ACCOUNT_ID, "
                    + "then account_id from ~/.fireworks/auth.ini.")
    String accountId;

    @Option(names = "--api-key", scope = ScopeType.INHERIT, paramLabel = "string",
            description = "An API key used to authenticate with Fireworks. If not specified, reads FIREWORKS_API_KEY, "
                    + "then api_key from ~/.fireworks/auth.ini.")
    String apiKey;

    @Option(names = {"-p", "--profile"}, scope = ScopeType.INHERIT, paramLabel = "string",
            description = "fireworks auth and settings profile to use.")
    String profile;

    @Option(names = "--base-url", scope = ScopeType.INHERIT, paramLabel = "string",
            description = "The Hearth server URL. If not specified, reads FIREWORKS_BASE_URL, then base_url from "
                    + "~/.fireworks/auth.ini, else " + Settings.DEFAULT_BASE_URL + ".")
    String baseUrl;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "Output", defaultValue = "text",
            description = "Set the output format to \"text\", \"json\", or \"flag\". (default text)")
    OutputFormat output;

    @Option(names = "--dry-run", scope = ScopeType.INHERIT,
            description = "Print the request proto without running it.")
    boolean dryRun;

    @Option(names = {"-h", "--help"}, scope = ScopeType.INHERIT, usageHelp = true,
            description = "help for ${COMMAND-NAME}")
    boolean help;
}
