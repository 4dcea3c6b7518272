package dev.hearth.firectl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(description = "Prints information about a deployment.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl deployment get my-deployment", "  firectl get deployment accounts/my-account/deployments/my-deployment"})
final class DeploymentGet implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "DEPLOYMENT_ID",
            description = "The deployment ID or name (accounts/ACCOUNT_ID/deployments/DEPLOYMENT_ID).")
    String deployment;

    DeploymentGet(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceName name = ResourceName.parse(deployment, "deployments", context::accountId);
        context.send(ApiRequest.get(ApiPaths.deployment(name))).ifPresent(context.printer()::deployment);
        return 0;
    }
}
