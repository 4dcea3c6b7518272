package dev.hearth.firectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(description = {"Load a LoRA model to a deployment.",
        "The deployment must have been created with --enable-addons, on the LoRA's base model."},
        footerHeading = "%nExamples:%n",
        footer = {"  firectl load-lora my-model --deployment=abcd1234",
                "  firectl load-lora accounts/my-account/models/my-lora --deployment my-deployment --wait"})
final class LoadLora implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "MODEL_ID", description = "The LoRA model ID or name (accounts/ACCOUNT_ID/models/MODEL_ID).")
    String model;

    @Option(names = "--deployment", paramLabel = "string",
            description = "The resource ID of the deployment where the LoRA model is to be loaded "
                    + "(or its name, accounts/ACCOUNT_ID/deployments/DEPLOYMENT_ID).")
    String deployment;

    @Option(names = "--public", arity = "0..1", paramLabel = "bool", fallbackValue = "true",
            description = "If true, the LoRA model will be publicly available for inference.")
    Boolean isPublic;

    @Option(names = "--display-name", paramLabel = "string",
            description = "Human-readable name of the deployed model. Must be fewer than 64 characters long.")
    String displayName;

    @Option(names = "--description", paramLabel = "string",
            description = "Description of the deployed model. Must be fewer than 1000 characters long.")
    String description;

    @Mixin
    WaitOptions wait;

    LoadLora(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", ResourceName.parse(model, "models", context::accountId).fullName("models"));
        String accountId;
        if (deployment != null) {
            ResourceName target = ResourceName.parse(deployment, "deployments", context::accountId);
            body.put("deployment", target.fullName("deployments"));
            accountId = target.accountId();
        } else {
            accountId = context.accountId();
        }
        List<String> fields = new ArrayList<>();
        DeploymentFieldOptions.put(body, fields, "displayName", displayName);
        DeploymentFieldOptions.put(body, fields, "description", description);
        DeploymentFieldOptions.put(body, fields, "public", isPublic);
        context.send(ApiRequest.post(ApiPaths.deployedModels(accountId), body)).ifPresent(loaded -> {
            JsonNode result = loaded;
            if (wait.wait) {
                ResourceName name = ResourceName.parse(loaded.path("name").asText(), "deployedModels", () -> accountId);
                result = DeployedModels.untilDeployed(context, name, wait.timeout);
            }
            context.printer().resource(result);
        });
        return 0;
    }
}
