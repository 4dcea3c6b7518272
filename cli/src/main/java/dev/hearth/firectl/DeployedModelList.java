package dev.hearth.firectl;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(description = "Prints all deployed models in the account.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl deployed-model list",
                "  firectl list deployed-models --filter 'deployment=\"accounts/my-account/deployments/my-deployment\"'"})
final class DeployedModelList implements Callable<Integer> {
    static final List<String> COLUMNS = List.of("name", "model", "deployment", "state", "default", "createTime");

    private final CommandContext context;

    @Mixin
    ListOptions listOptions;

    DeployedModelList(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        context.list(ApiPaths.deployedModels(context.accountId()), "deployedModels", listOptions)
                .ifPresent(response -> context.printer().list(response, "deployedModels", COLUMNS));
        return 0;
    }
}
