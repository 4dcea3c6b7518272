package dev.hearth.firectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(description = {"Unload a LoRA model from a deployment.",
        "firectl finds the deployed model of the LoRA on the deployment, then deletes it."},
        footerHeading = "%nExamples:%n",
        footer = {"  firectl unload-lora my-model --deployment=abcd1234",
                "  firectl unload-lora accounts/my-account/models/my-lora --deployment my-deployment --wait"})
final class UnloadLora implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "MODEL_ID", description = "The LoRA model ID or name (accounts/ACCOUNT_ID/models/MODEL_ID).")
    String model;

    @Option(names = "--deployment", paramLabel = "string",
            description = "The resource ID of the deployment where the model is to be undeployed "
                    + "(or its name, accounts/ACCOUNT_ID/deployments/DEPLOYMENT_ID).")
    String deployment;

    @Mixin
    WaitOptions wait;

    UnloadLora(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String modelName = ResourceName.parse(model, "models", context::accountId).fullName("models");
        String filter = "model=\"" + modelName + "\"";
        String accountId;
        String where;
        if (deployment != null) {
            ResourceName target = ResourceName.parse(deployment, "deployments", context::accountId);
            filter += " AND deployment=\"" + target.fullName("deployments") + "\"";
            accountId = target.accountId();
            where = " on deployment " + target.fullName("deployments");
        } else {
            accountId = context.accountId();
            where = " in account " + accountId;
        }
        String list = ApiPaths.deployedModels(accountId) + new QueryString().add("filter", filter);
        // Under --dry-run only the look-up is printed: the deployed model to delete is known after it.
        JsonNode found = context.send(ApiRequest.get(list)).orElse(null);
        if (found == null) {
            return 0;
        }
        List<String> names = new ArrayList<>();
        found.path("deployedModels").forEach(deployed -> names.add(deployed.path("name").asText()));
        if (names.isEmpty()) {
            throw new IllegalStateException("model " + modelName + " is not loaded" + where);
        }
        if (names.size() > 1) {
            throw new UsageException("model " + modelName + " is loaded on more than one deployment (" + String.join(", ", names)
                    + "): pass --deployment");
        }
        ResourceName name = ResourceName.parse(names.getFirst(), "deployedModels", () -> accountId);
        JsonNode response = context.call(ApiRequest.delete(ApiPaths.deployedModel(name)));
        if (wait.wait) {
            DeployedModels.untilGone(context, name, wait.timeout);
        }
        context.printer().deleted(response, "Unloaded model " + modelName + where + " (" + name.fullName("deployedModels") + ")");
        return 0;
    }
}
