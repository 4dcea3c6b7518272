package dev.hearth.firectl;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(description = "Prints all models in the account.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl model list", "  firectl list models --filter 'state=READY' --order-by 'name desc'",
                "  firectl model list -a fireworks"})
final class ModelList implements Callable<Integer> {
    private static final List<String> COLUMNS = List.of("name", "displayName", "kind", "state", "createTime");

    private final CommandContext context;

    @Option(names = "--public-only", description = "Only list public models.")
    boolean publicOnly;

    @Mixin
    ListOptions listOptions;

    ModelList(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (publicOnly) {
            listOptions.filter = listOptions.filter == null ? "public=true" : "public=true AND (" + listOptions.filter + ")";
        }
        context.list(ApiPaths.models(context.accountId()), "models", listOptions)
                .ifPresent(response -> context.printer().list(response, "models", COLUMNS));
        return 0;
    }
}
