package dev.hearth.firectl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Builds the command hierarchy. Each command is implemented once and registered twice, under its noun
 * ({@code firectl user create}) and under its verb ({@code firectl create user}), as firectl accepts both orders.
 */
final class CommandTree {
    private record Noun(String name, String plural, String description) {}

    private record Verb(String name, List<String> aliases, String description) {}

    private record Leaf(Noun noun, Verb verb, Function<CommandContext, Object> command) {}

    private static final Noun ACCOUNT = new Noun("account", "accounts", "Prints information about accounts.");
    private static final Noun API_KEY = new Noun("api-key", "api-keys", "Creates, lists and deletes API keys.");
    private static final Noun USER = new Noun("user", "users", "Manages the users and service accounts of an account.");
    private static final Noun MODEL = new Noun("model", "models",
            "Creates, uploads, prepares, downloads and manages the models of an account.");
    private static final Noun DEPLOYMENT = new Noun("deployment", "deployments",
            "Creates, scales, updates and deletes deployments (dedicated replicas).");
    private static final Noun DEPLOYED_MODEL = new Noun("deployed-model", "deployed-models",
            "Prints and updates deployed models: the models and LoRAs loaded on deployments.");
    private static final Noun DEPLOYMENT_SHAPE_VERSION = new Noun("deployment-shape-version", "deployment-shape-versions",
            "Prints the versions of deployment shapes (deployment templates).");

    private static final Verb CREATE = new Verb("create", List.of(), "Creates a resource (firectl create user, ...).");
    private static final Verb GET = new Verb("get", List.of(), "Prints information about a resource (firectl get account, ...).");
    private static final Verb LIST = new Verb("list", List.of("ls"), "Prints resources of a kind (firectl list users, ...).");
    private static final Verb UPDATE = new Verb("update", List.of(), "Updates a resource (firectl update user, ...).");
    private static final Verb DELETE = new Verb("delete", List.of(), "Deletes a resource (firectl delete user, ...).");
    private static final Verb PREPARE = new Verb("prepare", List.of(), "Prepares a model in another precision (firectl prepare model).");
    private static final Verb DOWNLOAD = new Verb("download", List.of(), "Downloads a resource's files (firectl download model).");
    private static final Verb SCALE = new Verb("scale", List.of(), "Scales a deployment (firectl scale deployment).");
    private static final Verb UNDELETE = new Verb("undelete", List.of(), "Undeletes a resource (firectl undelete deployment).");

    private static final List<Noun> NOUNS = List.of(ACCOUNT, API_KEY, USER, MODEL, DEPLOYMENT, DEPLOYED_MODEL,
            DEPLOYMENT_SHAPE_VERSION);
    private static final List<Verb> VERBS = List.of(CREATE, GET, LIST, UPDATE, DELETE, PREPARE, DOWNLOAD, SCALE, UNDELETE);

    private static final List<Leaf> LEAVES = List.of(
            new Leaf(ACCOUNT, GET, AccountGet::new),
            new Leaf(ACCOUNT, LIST, AccountList::new),
            new Leaf(API_KEY, CREATE, ApiKeyCreate::new),
            new Leaf(API_KEY, LIST, ApiKeyList::new),
            new Leaf(API_KEY, DELETE, ApiKeyDelete::new),
            new Leaf(USER, CREATE, UserCreate::new),
            new Leaf(USER, GET, UserGet::new),
            new Leaf(USER, LIST, UserList::new),
            new Leaf(USER, UPDATE, UserUpdate::new),
            new Leaf(USER, DELETE, UserDelete::new),
            new Leaf(MODEL, CREATE, ModelCreate::new),
            new Leaf(MODEL, GET, ModelGet::new),
            new Leaf(MODEL, LIST, ModelList::new),
            new Leaf(MODEL, UPDATE, ModelUpdate::new),
            new Leaf(MODEL, DELETE, ModelDelete::new),
            new Leaf(MODEL, PREPARE, ModelPrepare::new),
            new Leaf(MODEL, DOWNLOAD, ModelDownload::new),
            new Leaf(DEPLOYMENT, CREATE, DeploymentCreate::new),
            new Leaf(DEPLOYMENT, GET, DeploymentGet::new),
            new Leaf(DEPLOYMENT, LIST, DeploymentList::new),
            new Leaf(DEPLOYMENT, UPDATE, DeploymentUpdate::new),
            new Leaf(DEPLOYMENT, DELETE, DeploymentDelete::new),
            new Leaf(DEPLOYMENT, UNDELETE, DeploymentUndelete::new),
            new Leaf(DEPLOYMENT, SCALE, DeploymentScale::new),
            new Leaf(DEPLOYED_MODEL, GET, DeployedModelGet::new),
            new Leaf(DEPLOYED_MODEL, LIST, DeployedModelList::new),
            new Leaf(DEPLOYED_MODEL, UPDATE, DeployedModelUpdate::new),
            new Leaf(DEPLOYMENT_SHAPE_VERSION, GET, DeploymentShapeVersionGet::new),
            new Leaf(DEPLOYMENT_SHAPE_VERSION, LIST, DeploymentShapeVersionList::new));

    private CommandTree() {}

    static CommandLine build(GlobalOptions globals, CommandContext context) {
        CommandLine root = group("firectl for Hearth: manage the accounts, users, API keys, models and deployments of a Hearth server.");
        root.getCommandSpec().name("firectl");
        root.addMixin("globals", globals);
        Map<Noun, CommandLine> nouns = new LinkedHashMap<>();
        NOUNS.forEach(noun -> nouns.put(noun, group(noun.description())));
        Map<Verb, CommandLine> verbs = new LinkedHashMap<>();
        VERBS.forEach(verb -> verbs.put(verb, group(verb.description())));
        for (Leaf leaf : LEAVES) {
            nouns.get(leaf.noun()).addSubcommand(leaf.verb().name(), new CommandLine(leaf.command().apply(context)),
                    leaf.verb().aliases().toArray(String[]::new));
            verbs.get(leaf.verb()).addSubcommand(leaf.noun().name(), new CommandLine(leaf.command().apply(context)),
                    leaf.noun().plural());
        }
        nouns.forEach((noun, line) -> root.addSubcommand(noun.name(), line));
        verbs.forEach((verb, line) -> root.addSubcommand(verb.name(), line, verb.aliases().toArray(String[]::new)));
        // Fireworks' docs also spell this one as a single word.
        root.addSubcommand("prepare-model", new CommandLine(new ModelPrepare(context)));
        // LoRAs are loaded and unloaded by top-level commands, as in Fireworks' firectl.
        root.addSubcommand("load-lora", new CommandLine(new LoadLora(context)));
        root.addSubcommand("unload-lora", new CommandLine(new UnloadLora(context)));
        return root;
    }

    private static CommandLine group(String description) {
        CommandLine group = new CommandLine(new CommandGroup());
        group.getCommandSpec().usageMessage().description(description);
        return group;
    }
}
