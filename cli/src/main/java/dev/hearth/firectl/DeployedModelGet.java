package dev.hearth.firectl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(description = "Prints information about a deployed model.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl deployed-model get my-deployed-model",
                "  firectl get deployed-model accounts/my-account/deployedModels/my-deployed-model"})
final class DeployedModelGet implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "DEPLOYED_MODEL_ID",
            description = "The deployed model ID or name (accounts/ACCOUNT_ID/deployedModels/DEPLOYED_MODEL_ID).")
    String deployedModel;

    DeployedModelGet(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceName name = ResourceName.parse(deployedModel, "deployedModels", context::accountId);
        context.send(ApiRequest.get(ApiPaths.deployedModel(name))).ifPresent(context.printer()::resource);
        return 0;
    }
}
