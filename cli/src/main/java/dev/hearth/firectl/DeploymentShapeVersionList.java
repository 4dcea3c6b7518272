package dev.hearth.firectl;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(description = {"Prints all deployment shape versions of this deployment shape.",
        "Without a shape, the versions of every built-in shape (accounts/fireworks/deploymentShapes/-) are listed."},
        footerHeading = "%nExamples:%n",
        footer = {"  firectl deployment-shape-version list my-deployment-shape",
                "  firectl deployment-shape-version list accounts/my-account/deploymentShapes/my-deployment-shape",
                "  firectl list deployment-shape-versions --base-model accounts/fireworks/models/synthetic-tiny-chat"})
final class DeploymentShapeVersionList implements Callable<Integer> {
    /** The account of the built-in shapes, which a short shape ID names. */
    static final String SHAPES_ACCOUNT = "fireworks";

    private static final List<String> COLUMNS = List.of("name", "createTime", "validated", "latestValidated", "public");

    private final CommandContext context;

    @Parameters(arity = "0..1", paramLabel = "DEPLOYMENT_SHAPE",
            description = "The deployment shape: an ID of a built-in shape, or a name "
                    + "(accounts/ACCOUNT_ID/deploymentShapes/SHAPE_ID). Defaults to every shape (-).")
    String shape;

    @Option(names = "--base-model", paramLabel = "string",
            description = "If specified, will filter out versions not matching the given base model "
                    + "(a model ID of your account, or accounts/ACCOUNT_ID/models/MODEL_ID).")
    String baseModel;

    @Mixin
    ListOptions listOptions;

    DeploymentShapeVersionList(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String accountId = SHAPES_ACCOUNT;
        String shapeId = "-";
        if (shape != null) {
            String[] parts = shape.split("/", -1);
            if (shape.startsWith("accounts/")) {
                if (parts.length != 4 || !parts[2].equals("deploymentShapes") || parts[1].isEmpty() || parts[3].isEmpty()) {
                    throw new UsageException("\"" + shape + "\" is not a deployment shape name of the form "
                            + "accounts/ACCOUNT_ID/deploymentShapes/SHAPE_ID");
                }
                accountId = parts[1];
                shapeId = parts[3];
            } else if (parts.length != 1 || shape.isEmpty()) {
                throw new UsageException("\"" + shape + "\" is not a deployment shape ID or a name of the form "
                        + "accounts/ACCOUNT_ID/deploymentShapes/SHAPE_ID");
            } else {
                shapeId = shape;
            }
        }
        if (baseModel != null) {
            String clause = "snapshot.base_model=\"" + ResourceName.parse(baseModel, "models", context::accountId).fullName("models") + "\"";
            // In AIP-160 OR binds tighter than AND, so the user's filter needs no parentheses (which the server's
            // shape filter, clauses joined by AND, would not read).
            listOptions.filter = listOptions.filter == null ? clause : clause + " AND " + listOptions.filter;
        }
        context.list(ApiPaths.deploymentShapeVersions(accountId, shapeId), "deploymentShapeVersions", listOptions)
                .ifPresent(response -> context.printer().list(response, "deploymentShapeVersions", COLUMNS));
        return 0;
    }
}
