package dev.hearth.firectl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(description = {"Update a deployment.",
        "Only the fields of the flags given change: they are sent as the updateMask."},
        footerHeading = "%nExamples:%n",
        footer = {"  firectl deployment update my-deployment --min-replica-count 0 --scale-to-zero-window 30m",
                "  firectl update deployment accounts/my-account/deployments/my-deployment --display-name \"Support bot\""})
final class DeploymentUpdate implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "DEPLOYMENT_ID",
            description = "The deployment ID or name (accounts/ACCOUNT_ID/deployments/DEPLOYMENT_ID).")
    String deployment;

    @Mixin
    DeploymentFieldOptions fields;

    DeploymentUpdate(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceName name = ResourceName.parse(deployment, "deployments", context::accountId);
        List<String> mask = new ArrayList<>();
        ObjectNode changes = fields.fields(mask, name::accountId);
        if (mask.isEmpty()) {
            throw new UsageException("nothing to update: pass at least one flag, such as --min-replica-count, "
                    + "--max-replica-count, --scale-to-zero-window or --display-name (see 'firectl deployment update --help')");
        }
        String path = ApiPaths.deployment(name) + new QueryString().add("updateMask", String.join(",", mask));
        context.send(ApiRequest.patch(path, changes)).ifPresent(context.printer()::deployment);
        return 0;
    }
}
