package dev.hearth.firectl;

import dev.hearth.api.Deployment;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(description = "Scales a deployment to a specified number of replicas.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl deployment scale my-deployment --replica-count=3",
                "  firectl scale deployment accounts/my-account/deployments/my-deployment --replica-count=0"})
final class DeploymentScale implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "DEPLOYMENT_ID",
            description = "The deployment ID or name (accounts/ACCOUNT_ID/deployments/DEPLOYMENT_ID).")
    String deployment;

    @Option(names = "--replica-count", paramLabel = "int32", required = true,
            description = "The desired number of replicas. Must be non-negative.")
    int replicaCount;

    DeploymentScale(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (replicaCount < 0) {
            throw new UsageException("--replica-count must be non-negative, got " + replicaCount);
        }
        ResourceName name = ResourceName.parse(deployment, "deployments", context::accountId);
        ApiRequest scale = ApiRequest.patch(ApiPaths.deployment(name) + ":scale", new Deployment.ScaleRequest(replicaCount));
        context.send(scale).ifPresent(context.printer()::deployment);
        return 0;
    }
}
