package dev.hearth.firectl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(description = {"Prints information about a deployment shape version.",
        "The version ID latest is resolved by the server to the shape's latest version."},
        footerHeading = "%nExamples:%n",
        footer = {"  firectl deployment-shape-version get accounts/my-account/deploymentShapes/my-deployment-shape/versions/my-version",
                "  firectl get deployment-shape-version accounts/fireworks/deploymentShapes/my-deployment-shape/versions/latest"})
final class DeploymentShapeVersionGet implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "DEPLOYMENT_SHAPE_VERSION",
            description = "The version's name: accounts/ACCOUNT_ID/deploymentShapes/SHAPE_ID/versions/VERSION_ID "
                    + "(VERSION_ID may be latest).")
    String version;

    DeploymentShapeVersionGet(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String[] parts = version.split("/", -1);
        if (parts.length != 6 || !parts[0].equals("accounts") || !parts[2].equals("deploymentShapes")
                || !parts[4].equals("versions") || parts[1].isEmpty() || parts[3].isEmpty() || parts[5].isEmpty()) {
            throw new UsageException("\"" + version + "\" is not a deployment shape version name of the form "
                    + "accounts/ACCOUNT_ID/deploymentShapes/SHAPE_ID/versions/VERSION_ID");
        }
        context.send(ApiRequest.get(ApiPaths.deploymentShapeVersion(parts[1], parts[3], parts[5])))
                .ifPresent(context.printer()::resource);
        return 0;
    }
}
