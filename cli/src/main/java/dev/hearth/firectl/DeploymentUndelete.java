package dev.hearth.firectl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(description = {"Undeletes a deployment.",
        "Only a DELETED or FAILED deployment can be undeleted; with --wait, firectl waits until it is READY."},
        footerHeading = "%nExamples:%n",
        footer = {"  firectl deployment undelete my-deployment", "  firectl undelete deployment my-deployment --wait"})
final class DeploymentUndelete implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "DEPLOYMENT_ID",
            description = "The deployment ID or name (accounts/ACCOUNT_ID/deployments/DEPLOYMENT_ID).")
    String deployment;

    @Mixin
    WaitOptions wait;

    DeploymentUndelete(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceName name = ResourceName.parse(deployment, "deployments", context::accountId);
        ApiRequest undelete = ApiRequest.post(ApiPaths.deployment(name) + ":undelete", Json.MAPPER.createObjectNode());
        context.send(undelete).ifPresent(undeleted -> {
            JsonNode result = wait.wait ? Deployments.untilReady(context, name, wait.timeout) : undeleted;
            context.printer().deployment(result);
        });
        return 0;
    }
}
