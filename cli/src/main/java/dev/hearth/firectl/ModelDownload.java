package dev.hearth.firectl;

import dev.hearth.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(description = "Downloads the files of a READY model into a folder, checking each file's size and SHA-256.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl download model my-model /path/to/checkpoint/",
                "  firectl model download accounts/fireworks/models/all-minilm-l6-v2 ./minilm"})
final class ModelDownload implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "MODEL_ID", description = "The model ID or name (accounts/ACCOUNT_ID/models/MODEL_ID).")
    String model;

    @Parameters(index = "1", paramLabel = "DIR", description = "The folder to write the files to; it is created if missing.")
    Path dir;

    @Option(names = "--quiet", description = "If true, does not show download progress")
    boolean quiet;

    /** What {@code download model} prints: the model and where each of its files went. */
    record Result(String model, List<SignedUrlTransfer.Downloaded> files) {}

    ModelDownload(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceName name = ResourceName.parse(model, "models", context::accountId);
        context.send(ApiRequest.get(ApiPaths.model(name) + ":getDownloadEndpoint")).ifPresent(response -> {
            Map<String, String> urls = ModelRequests.read(response, ModelRequests.DownloadEndpoint.class).filenameToSignedUrls();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
            }
            SignedUrlTransfer transfer = context.transfer(quiet);
            List<SignedUrlTransfer.Downloaded> files = new ArrayList<>();
            (urls == null ? Map.<String, String>of() : urls).forEach((file, url) -> files.add(transfer.download(file, url, dir)));
            context.printer().resource(Json.MAPPER.valueToTree(new Result(name.fullName("models"), files)));
        });
        return 0;
    }
}
