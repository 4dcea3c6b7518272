package dev.hearth.firectl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(description = "Deletes a model and its files.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl model delete my-model", "  firectl delete model accounts/my-account/models/my-model"})
final class ModelDelete implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "MODEL_ID", description = "The model ID or name (accounts/ACCOUNT_ID/models/MODEL_ID).")
    String model;

    ModelDelete(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceName name = ResourceName.parse(model, "models", context::accountId);
        context.send(ApiRequest.delete(ApiPaths.model(name)))
                .ifPresent(response -> context.printer().deleted(response, "Deleted model " + name.fullName("models")));
        return 0;
    }
}
