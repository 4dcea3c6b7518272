package dev.hearth.server;

import dev.hearth.engine.convert.ConvertCommand;
import dev.hearth.engine.llama.LlamaQuantizer;
import dev.hearth.engine.onnx.EmbeddingRunnerCommand;
import dev.hearth.engine.runner.EngineCommand;
import dev.hearth.engine.synth.SynthCommand;
import dev.hearth.engine.template.ChatTemplateCommand;
import dev.hearth.server.accounts.AccountRow;
import dev.hearth.server.accounts.Accounts;
import dev.hearth.server.http.ApiError;
import dev.hearth.server.store.Database;
import dev.hearth.server.store.StoreUnavailableException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import dev.hearth.server.deployments.Deployments;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hearth serve}, the runners {@code hearth engine} and {@code hearth embedding-runner}, and the operator commands {@code hearth admin|model ...}. */
@Command(name = "hearth", mixinStandardHelpOptions = true, version = "hearth 0.1.0",
        description = "Self-hosted, Fireworks-compatible generative-AI platform.",
        subcommands = {Main.Serve.class, Main.Admin.class, EngineCommand.class, EmbeddingRunnerCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand("model", new CommandLine(new ModelCommands())
                .addSubcommand("synth", new SynthCommand(LlamaQuantizer::quantize))
                .addSubcommand("convert", new ConvertCommand(LlamaQuantizer::quantize)));
        CommandLine chatTemplate = new CommandLine(new ChatTemplateCommands()).addSubcommand("render", new ChatTemplateCommand());
        cli.addSubcommand("chat-template", chatTemplate);
        // The rendered prompt is UTF-8 whatever the platform's console encoding.
        chatTemplate.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        chatTemplate.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("hearth: " + e.getMessage());
            return e instanceof ApiError ? 1 : 2;
        });
        return cli.execute(args);
    }

    @Command(name = "model", mixinStandardHelpOptions = true, description = "Model files: convert Hugging Face checkpoints and PEFT adapters to GGUF; synthetic models for tests and benchmarks.")
    static final class ModelCommands implements Runnable {
        @picocli.CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    @Command(name = "chat-template", mixinStandardHelpOptions = true,
            description = "Chat templates: render a Hugging Face chat template the way transformers does.")
    static final class ChatTemplateCommands implements Runnable {
        @picocli.CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    /** Flags shared by every command that touches the store; flag beats environment beats default. */
    static final class StoreOptions {
        @Option(names = "--home", description = "State directory (env HEARTH_HOME, default ~/.hearth).")
        Path home;

        @Option(names = "--db", description = "JDBC URL of the store (env HEARTH_DB, default the SQLite file in the home); "
                + "jdbc:postgresql://host:port/db?user=... selects PostgreSQL.")
        String db;

        Path home() {
            if (home != null) {
                return home;
            }
            String env = System.getenv("HEARTH_HOME");
            return env != null && !env.isBlank() ? Path.of(env) : ServerConfig.defaultHome();
        }

        String db() {
            if (db != null) {
                return db;
            }
            String env = System.getenv("HEARTH_DB");
            return env != null && !env.isBlank() ? env : null;
        }

        String effectiveDbUrl() {
            return new ServerConfig(ServerConfig.DEFAULT_HOST, 0, home(), db(), Duration.ZERO).effectiveDbUrl();
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Hearth server in the foreground.")
    static final class Serve implements Callable<Integer> {
        @Mixin
        StoreOptions store = new StoreOptions();

        @Option(names = "--host", description = "Address to listen on (env HEARTH_HOST, default 127.0.0.1).")
        String host;

        @Option(names = "--port", description = "Port to listen on (env HEARTH_PORT, default 8080).")
        Integer port;

        @Option(names = "--shutdown-grace", defaultValue = "20", description = "Seconds in-flight requests get to finish on SIGTERM (default 20).")
        int shutdownGrace;

        @Option(names = "--max-addons-per-deployment", description = "LoRA add-ons one deployment may hold "
                + "(env HEARTH_MAX_ADDONS_PER_DEPLOYMENT, default 100).")
        Integer maxAddons;

        @Override
        public Integer call() throws Exception {
            String effectiveHost = host != null ? host : env("HEARTH_HOST", ServerConfig.DEFAULT_HOST);
            int effectivePort = port != null ? port : Integer.parseInt(env("HEARTH_PORT", Integer.toString(ServerConfig.DEFAULT_PORT)));
            ServerConfig config = new ServerConfig(effectiveHost, effectivePort, store.home(), store.db(),
                    Duration.ofSeconds(shutdownGrace));
            HearthServer server;
            try {
                int addons;
                try {
                    addons = maxAddons != null ? maxAddons : Integer.parseInt(env("HEARTH_MAX_ADDONS_PER_DEPLOYMENT", "100").strip());
                } catch (NumberFormatException e) {
                    System.err.println("hearth: HEARTH_MAX_ADDONS_PER_DEPLOYMENT must be a whole number");
                    return 2;
                }
                if (addons < 0) {
                    System.err.println("hearth: --max-addons-per-deployment must not be negative");
                    return 2;
                }
                HearthServer.Options defaults = HearthServer.Options.defaults();
                Deployments.Limits limits = defaults.limits();
                server = HearthServer.start(config, System.out, new HearthServer.Options(defaults.clock(), defaults.deployments(),
                        limits.withMaxAddons(addons)));
            } catch (StoreUnavailableException e) {
                System.err.println("hearth: " + e.getMessage());
                return 3;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("hearth: shutting down (finishing in-flight requests)");
                server.close();
                System.out.println("hearth: stopped");
                System.out.flush();
                stopped.countDown();
            }, "hearth-shutdown"));
            System.out.println("hearth: listening on " + server.baseUrl(effectiveHost) + " (store " + server.database().describe() + ")");
            System.out.flush();
            stopped.await();
            return 0;
        }

        private static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }
    }

    @Command(name = "admin", mixinStandardHelpOptions = true, description = "Operator commands that act on the store directly.",
            subcommands = {AccountCommands.class})
    static final class Admin {}

    @Command(name = "account", mixinStandardHelpOptions = true, description = "Create, list and delete accounts (tenants).")
    static final class AccountCommands {
        @Command(name = "create", mixinStandardHelpOptions = true,
                description = "Create an account with one admin user; prints its API key once as FIREWORKS_API_KEY=<key>.")
        int create(@Mixin StoreOptions store, @Parameters(paramLabel = "ACCOUNT_ID") String accountId,
                @Option(names = "--admin-email", description = "Email of the first admin (default admin@<account>).") String adminEmail) {
            try (Database db = Database.open(store.effectiveDbUrl())) {
                String email = adminEmail != null ? adminEmail : "admin@" + accountId;
                Accounts.Tenant tenant = new Accounts(db).createTenant(accountId, email, "admin");
                System.out.println("Created account accounts/" + accountId + " with admin user "
                        + tenant.admin().name() + " (" + email + ").");
                System.out.println("FIREWORKS_API_KEY=" + tenant.apiKey());
                return 0;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List every account in the store.")
        int list(@Mixin StoreOptions store) {
            try (Database db = Database.open(store.effectiveDbUrl())) {
                for (AccountRow account : new Accounts(db).all()) {
                    System.out.println(account.accountId() + "\t" + account.email() + "\t" + account.toWire().createTime());
                }
                return 0;
            }
        }

        @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an account with its users and keys.")
        int delete(@Mixin StoreOptions store, @Parameters(paramLabel = "ACCOUNT_ID") String accountId) {
            try (Database db = Database.open(store.effectiveDbUrl())) {
                if (!new Accounts(db).delete(accountId)) {
                    System.err.println("hearth: account " + accountId + " not found");
                    return 1;
                }
                System.out.println("Deleted account accounts/" + accountId + ".");
                return 0;
            }
        }
    }
}
