package dev.hearth.firectl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(description = {"Deletes a deployment.",
        "A deployment is soft-deleted (state DELETED, which deployment undelete reverses) unless --hard is given."},
        footerHeading = "%nExamples:%n",
        footer = {"  firectl deployment delete my-deployment",
                "  firectl delete deployment accounts/my-account/deployments/my-deployment --hard --wait"})
final class DeploymentDelete implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "DEPLOYMENT_ID",
            description = "The deployment ID or name (accounts/ACCOUNT_ID/deployments/DEPLOYMENT_ID).")
    String deployment;

    @Option(names = "--hard", description = "Hard delete the deployment")
    boolean hard;

    @Option(names = "--ignore-checks", description = "Skip checking if the deployment is in use before deleting")
    boolean ignoreChecks;

    @Mixin
    WaitOptions wait;

    DeploymentDelete(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceName name = ResourceName.parse(deployment, "deployments", context::accountId);
        String path = ApiPaths.deployment(name) + new QueryString()
                .add("hard", hard ? true : null)
                .add("ignoreChecks", ignoreChecks ? true : null);
        context.send(ApiRequest.delete(path)).ifPresent(response -> {
            if (wait.wait) {
                Deployments.untilDeleted(context, name, hard, wait.timeout);
            }
            context.printer().deleted(response, "Deleted deployment " + name.fullName("deployments"));
        });
        return 0;
    }
}
