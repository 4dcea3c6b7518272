package dev.hearth.firectl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(description = {"Creates a new deployment.",
        "Only the flags given are sent; --file gives a whole Deployment JSON body, which the flags override field by field."},
        footerHeading = "%nExamples:%n",
        footer = {"  firectl deployment create accounts/fireworks/models/synthetic-tiny-chat --wait",
                "  firectl create deployment my-model --deployment-id my-deployment --scale-to-zero-window 30m",
                "  firectl deployment create my-model --file=/path/to/deployment-config.json",
                "  firectl deployment create my-model --deployment-shape=accounts/fireworks/deploymentShapes/my-shape"})
final class DeploymentCreate implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "The model to deploy: a model ID of your account, or a full name "
                    + "(accounts/fireworks/models/MODEL_ID). May be left out when --file sets baseModel.")
    String model;

    @Option(names = "--deployment-id", paramLabel = "string",
            description = "The ID of the deployment. If not specified, a random ID will be generated.")
    String deploymentId;

    @Mixin
    DeploymentFieldOptions fields;

    @Option(names = "--region", paramLabel = "string",
            description = "Placement: 'global', region group (us, europe, apac), or specific region (us-iowa-1).")
    String region;

    @Option(names = "--file", paramLabel = "string",
            description = "Path to a JSON configuration file containing deployment settings (a Deployment body).")
    Path file;

    @Option(names = "--validate-only",
            description = "If true, this will not create the deployment, but will return the deployment that would be created.")
    boolean validateOnly;

    @Option(names = "--disable-auto-deploy",
            description = "If true, the model is not deployed onto the new deployment automatically.")
    boolean disableAutoDeploy;

    @Mixin
    WaitOptions wait;

    DeploymentCreate(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ObjectNode body = body();
        String accountId;
        String id = null;
        if (deploymentId != null) {
            ResourceName name = ResourceName.parse(deploymentId, "deployments", context::accountId);
            accountId = name.accountId();
            id = name.id();
        } else {
            accountId = context.accountId();
        }
        String path = ApiPaths.deployments(accountId) + new QueryString()
                .add("deploymentId", id)
                .add("validateOnly", validateOnly ? true : null)
                .add("disableAutoDeploy", disableAutoDeploy ? true : null);
        context.send(ApiRequest.post(path, body)).ifPresent(created -> {
            JsonNode result = created;
            if (wait.wait && !validateOnly) {
                ResourceName name = ResourceName.parse(created.path("name").asText(), "deployments", () -> accountId);
                result = Deployments.untilReady(context, name, wait.timeout);
            }
            context.printer().deployment(result);
        });
        return 0;
    }

    /** The request body: MODEL as baseModel, then --file, then each flag given over the field it sets. */
    ObjectNode body() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (model != null) {
            body.put("baseModel", ResourceName.parse(model, "models", context::accountId).fullName("models"));
        }
        if (file != null) {
            readFile(file).properties().forEach(field -> {
                if (!(model != null && field.getKey().equals("baseModel"))) {
                    body.set(field.getKey(), field.getValue());
                }
            });
        }
        List<String> paths = new ArrayList<>();
        ObjectNode flags = fields.fields(paths, context::accountId);
        if (region != null) {
            flags.set("placement", Deployments.placement(region));
            paths.add("placement");
        }
        for (String field : paths) {
            DeploymentFieldOptions.setPath(body, field, DeploymentFieldOptions.getPath(flags, field));
        }
        if (TextFormat.isEmpty(body.get("baseModel"))) {
            throw new UsageException("no model to deploy: give MODEL, or set baseModel in the --file JSON");
        }
        return body;
    }

    private static ObjectNode readFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UsageException("--file " + file + " does not exist");
        } catch (IOException e) {
            throw new UsageException("cannot read --file " + file + ": " + e.getMessage());
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UsageException("--file " + file + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(json instanceof ObjectNode object)) {
            throw new UsageException("--file " + file + " must hold a JSON object: a Deployment body");
        }
        return object;
    }
}
