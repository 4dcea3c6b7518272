package dev.hearth.firectl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(description = "Update a deployed model.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl deployed-model update my-deployed-model --default",
                "  firectl update deployed-model accounts/my-account/deployedModels/my-deployed-model --public=false"})
final class DeployedModelUpdate implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "DEPLOYED_MODEL_ID",
            description = "The deployed model ID or name (accounts/ACCOUNT_ID/deployedModels/DEPLOYED_MODEL_ID).")
    String deployedModel;

    @Option(names = "--default", arity = "0..1", paramLabel = "bool", fallbackValue = "true",
            description = "If true, this is the default deployment when querying this model without the # suffix.")
    Boolean isDefault;

    @Option(names = "--description", paramLabel = "string",
            description = "Description of the deployed model. Must be fewer than 1000 characters long.")
    String description;

    @Option(names = "--display-name", paramLabel = "string",
            description = "Human-readable name of the deployed model. Must be fewer than 64 characters long.")
    String displayName;

    @Option(names = "--public", arity = "0..1", paramLabel = "bool", fallbackValue = "true",
            description = "If true, the deployed model will be publicly reachable.")
    Boolean isPublic;

    DeployedModelUpdate(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ObjectNode changes = Json.MAPPER.createObjectNode();
        List<String> mask = new ArrayList<>();
        DeploymentFieldOptions.put(changes, mask, "displayName", displayName);
        DeploymentFieldOptions.put(changes, mask, "description", description);
        DeploymentFieldOptions.put(changes, mask, "default", isDefault);
        DeploymentFieldOptions.put(changes, mask, "public", isPublic);
        if (mask.isEmpty()) {
            throw new UsageException("nothing to update: pass at least one of --default, --description, --display-name, --public");
        }
        ResourceName name = ResourceName.parse(deployedModel, "deployedModels", context::accountId);
        String path = ApiPaths.deployedModel(name) + new QueryString().add("updateMask", String.join(",", mask));
        context.send(ApiRequest.patch(path, changes)).ifPresent(context.printer()::resource);
        return 0;
    }
}
