package dev.hearth.firectl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(description = "Prints information about a model.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl model get my-model", "  firectl get model accounts/fireworks/models/all-minilm-l6-v2"})
final class ModelGet implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "MODEL_ID", description = "The model ID or name (accounts/ACCOUNT_ID/models/MODEL_ID).")
    String model;

    ModelGet(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceName name = ResourceName.parse(model, "models", context::accountId);
        context.send(ApiRequest.get(ApiPaths.model(name))).ifPresent(context.printer()::resource);
        return 0;
    }
}
