package dev.hearth.firectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(description = "Prepares a READY model in another precision, which its deployments can then use.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl model prepare my-model --precision Q8_0",
                "  firectl prepare model my-model --precision Q4_K --wait --wait-timeout 30m"})
final class ModelPrepare implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "MODEL_ID", description = "The model ID or name (accounts/ACCOUNT_ID/models/MODEL_ID).")
    String model;

    @Option(names = "--precision", paramLabel = "string", required = true,
            description = "The precision to add: F32, F16 (or FP16), Q8_0, Q4_0 or Q4_K on Hearth's CPU engine.")
    String precision;

    @Mixin
    WaitOptions wait;

    ModelPrepare(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceName name = ResourceName.parse(model, "models", context::accountId);
        ApiRequest prepare = ApiRequest.post(ApiPaths.model(name) + ":prepare", new ModelRequests.Prepare(precision));
        context.send(prepare).ifPresent(prepared -> {
            JsonNode result = wait.wait ? ModelWait.untilPrecision(context, name, precision, wait.timeout) : prepared;
            context.printer().resource(result);
        });
        return 0;
    }
}
