package dev.hearth.firectl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(description = "Updates a model's display name, description, links, context length or flags.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl model update my-model --display-name \"My model\" --description \"Tuned for support\"",
                "  firectl update model my-model --public=false --context-length 4096"})
final class ModelUpdate implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "MODEL_ID", description = "The model ID or name (accounts/ACCOUNT_ID/models/MODEL_ID).")
    String model;

    @Mixin
    ModelFieldOptions fields;

    ModelUpdate(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<String> mask = new ArrayList<>();
        ObjectNode changes = fields.fields(mask);
        if (mask.isEmpty()) {
            throw new UsageException("nothing to update: pass at least one of --display-name, --description, --github-url, "
                    + "--hugging-face-url, --context-length, --public, --supports-image-input, --supports-tools");
        }
        ResourceName name = ResourceName.parse(model, "models", context::accountId);
        String path = ApiPaths.model(name) + new QueryString().add("updateMask", String.join(",", mask));
        context.send(ApiRequest.patch(path, changes)).ifPresent(context.printer()::resource);
        return 0;
    }
}
