package dev.hearth.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.auth.Principal;
import dev.hearth.server.blobs.BlobStore;
import dev.hearth.server.blobs.UrlSigner;
import dev.hearth.server.http.ApiError;
import dev.hearth.server.http.Code;
import dev.hearth.server.resource.Times;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Model file transfer through URLs that Hearth signs and serves itself: one URL per announced file, valid for one
 * model, one file and one method until it expires. A file becomes part of the model only once all its bytes
 * arrived and match the announced size (and the client's checksum, when it sends one).
 */
public final class ModelUploads {
    public static final String UPLOAD_PATH = "/uploads/models/";
    public static final String DOWNLOAD_PATH = "/downloads/models/";
    public static final String SHA256_HEADER = "x-hearth-sha256";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (?:(\\d+)-(\\d+)|\\*)/(\\d+)");

    private final Models models;
    private final BlobStore blobs;
    private final UrlSigner signer;
    private final Duration urlValidity;
    private final Map<String, ReentrantLock> fileLocks = new ConcurrentHashMap<>();

    public ModelUploads(Models models, BlobStore blobs, UrlSigner signer, Duration urlValidity) {
        this.models = models;
        this.blobs = blobs;
        this.signer = signer;
        this.urlValidity = urlValidity;
    }

    public record UploadEndpoint(Map<String, String> filenameToSignedUrls, Map<String, String> filenameToUnsignedUris) {}

    public record DownloadEndpoint(Map<String, String> filenameToSignedUrls) {}

    /**
     * {@code :getUploadEndpoint}: announces files and their sizes, and signs a PUT URL for each. A file announced
     * again with its size unchanged keeps the bytes that already arrived, so an interrupted upload can resume.
     */
    public UploadEndpoint uploadEndpoint(Principal caller, String modelId, Map<String, JsonNode> filenameToSize,
            String baseUrl) throws IOException {
        Models.requireWriter(caller, "upload model files");
        if (filenameToSize == null || filenameToSize.isEmpty()) {
            throw ApiError.invalid("filenameToSize", "must name at least one file and its size in bytes");
        }
        if (filenameToSize.size() > ModelFiles.MAX_FILES) {
            throw ApiError.invalid("filenameToSize", "at most " + ModelFiles.MAX_FILES + " files per model");
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        filenameToSize.forEach((name, size) -> sizes.put(ModelFiles.validName("filenameToSize", name), size(name, size)));
        List<String> reset = models.db().jdbi().inTransaction(h -> {
            ModelRow row = Models.own(h, caller, modelId);
            if (row.state().equals(ModelRow.READY)) {
                throw ApiError.failedPrecondition("model " + row.name() + " is READY; its files cannot change (create a new model)");
            }
            if (row.state().equals(ModelRow.FAILED)) {
                // A rejected upload may be retried: the model goes back to UPLOADING.
                ModelStore.update(h, row.withState(ModelRow.UPLOADING, "OK", "", Times.nowMicros()), row.version());
            }
            return sizes.entrySet().stream()
                    .filter(file -> ModelStore.announceFile(h, row.accountId(), modelId, file.getKey(), file.getValue()))
                    .map(Map.Entry::getKey).toList();
        });
        for (String name : reset) {
            // Bytes of a file announced before with another size belong to a different file.
            Files.deleteIfExists(partial(caller.accountId(), modelId, name));
        }
        Map<String, String> signed = new LinkedHashMap<>();
        Map<String, String> unsigned = new LinkedHashMap<>();
        for (String name : sizes.keySet()) {
            String path = UPLOAD_PATH + caller.accountId() + "/" + modelId + "/" + name;
            signed.put(name, baseUrl + path + "?" + signer.sign("PUT", path, urlValidity));
            unsigned.put(name, "hearth://blobs/" + ModelFiles.uploaded(caller.accountId(), modelId, name));
        }
        return new UploadEndpoint(signed, unsigned);
    }

    /** {@code :getDownloadEndpoint}: a signed GET URL for each uploaded file of a model the caller may read. */
    public DownloadEndpoint downloadEndpoint(Principal caller, String accountId, String modelId, String baseUrl) {
        var files = models.db().jdbi().withHandle(h -> {
            ModelRow row = Models.visible(h, caller, accountId, modelId);
            if (!row.state().equals(ModelRow.READY)) {
                throw ApiError.failedPrecondition("model " + row.name() + " is " + row.state() + "; only READY models can be downloaded");
            }
            return ModelStore.files(h, accountId, modelId);
        });
        Map<String, String> signed = new LinkedHashMap<>();
        for (var file : files) {
            String path = DOWNLOAD_PATH + accountId + "/" + modelId + "/" + file.filename();
            signed.put(file.filename(), baseUrl + path + "?" + signer.sign("GET", path, urlValidity));
        }
        return new DownloadEndpoint(signed);
    }

    /** The outcome of a PUT: complete, or (for a chunk of a resumable upload) the bytes held so far. */
    public record PutResult(boolean complete, long received, String sha256) {}

    /**
     * Receives a file, whole or as one chunk of a resumable upload ({@code Content-Range: bytes S-E/T}, or
     * {@code bytes *}{@code /T} to ask how much has arrived).
     */
    public PutResult put(String path, String expires, String signature, String accountId, String modelId, String filename,
            String contentRange, String sha256, InputStream body) throws IOException {
        checkSignature("PUT", path, expires, signature);
        ModelStore.FileRow announced = announced(accountId, modelId, filename);
        ReentrantLock lock = fileLocks.computeIfAbsent(accountId + "/" + modelId + "/" + filename, k -> new ReentrantLock());
        lock.lock();
        try {
            if (contentRange == null) {
                return putWhole(accountId, modelId, announced, sha256, body);
            }
            return putChunk(accountId, modelId, announced, contentRange, sha256, body);
        } finally {
            lock.unlock();
        }
    }

    /** Opens a file for a signed download; the size and SHA-256 come from the store. */
    public Download download(String path, String expires, String signature, String accountId, String modelId,
            String filename) throws IOException {
        checkSignature("GET", path, expires, signature);
        ModelStore.FileRow file = models.db().jdbi().withHandle(h -> ModelStore.files(h, accountId, modelId)).stream()
                .filter(f -> f.filename().equals(filename) && f.uploaded()).findFirst()
                .orElseThrow(() -> ApiError.notFound("file " + filename + " of model " + ModelNames.name(accountId, modelId) + " not found"));
        return new Download(file.size(), file.sha256(), blobs.open(ModelFiles.uploaded(accountId, modelId, filename)));
    }

    public record Download(long size, String sha256, InputStream body) {}

    private PutResult putWhole(String accountId, String modelId, ModelStore.FileRow announced, String sha256,
            InputStream body) throws IOException {
        try (BlobStore.Staged staged = blobs.stage(ModelFiles.uploaded(accountId, modelId, announced.filename()))) {
            MessageDigest digest = sha256();
            long written = copy(new DigestInputStream(body, digest), staged.file(), false, announced.size());
            if (written != announced.size()) {
                throw sizeMismatch(announced, written);
            }
            return finish(accountId, modelId, announced, staged, HexFormat.of().formatHex(digest.digest()), sha256);
        }
    }

    private PutResult putChunk(String accountId, String modelId, ModelStore.FileRow announced, String contentRange,
            String sha256, InputStream body) throws IOException {
        Matcher m = CONTENT_RANGE.matcher(contentRange.strip());
        if (!m.matches()) {
            throw ApiError.invalid("Content-Range", "\"" + contentRange + "\" is not \"bytes START-END/TOTAL\" or \"bytes */TOTAL\"");
        }
        long total = Long.parseLong(m.group(3));
        if (total != announced.size()) {
            throw ApiError.invalid("Content-Range", "total " + total + " differs from the " + announced.size()
                    + " bytes announced for " + announced.filename());
        }
        Path partial = partial(accountId, modelId, announced.filename());
        long have = Files.exists(partial) ? Files.size(partial) : 0;
        if (announced.uploaded()) {
            return new PutResult(true, announced.size(), announced.sha256());
        }
        if (m.group(1) == null) {
            return new PutResult(false, have, null);
        }
        long start = Long.parseLong(m.group(1));
        long end = Long.parseLong(m.group(2));
        if (start != have) {
            throw new ApiError(Code.FAILED_PRECONDITION, 409, "Content-Range: this chunk starts at byte " + start + " but "
                    + have + " bytes of " + announced.filename() + " have arrived; resume from byte " + have);
        }
        if (end < start || end >= total) {
            throw ApiError.invalid("Content-Range", "bytes " + start + "-" + end + " do not fit a file of " + total + " bytes");
        }
        Files.createDirectories(partial.getParent());
        long written = copy(body, partial, true, end - start + 1);
        if (written != end - start + 1) {
            // Keep only whole chunks: a short chunk is cut back so the client can resend it.
            try (var channel = java.nio.channels.FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.truncate(have);
            }
            throw ApiError.invalid("Content-Range", "announced " + (end - start + 1) + " bytes but the body had " + written);
        }
        if (end + 1 < total) {
            return new PutResult(false, end + 1, null);
        }
        try (BlobStore.Staged staged = blobs.stage(ModelFiles.uploaded(accountId, modelId, announced.filename()))) {
            Files.move(partial, staged.file(), StandardCopyOption.REPLACE_EXISTING);
            MessageDigest digest = sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(staged.file()), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return finish(accountId, modelId, announced, staged, HexFormat.of().formatHex(digest.digest()), sha256);
        }
    }

    private PutResult finish(String accountId, String modelId, ModelStore.FileRow announced, BlobStore.Staged staged,
            String actual, String expected) throws IOException {
        if (expected != null && !expected.equalsIgnoreCase(actual)) {
            throw ApiError.invalid(SHA256_HEADER, "file " + announced.filename() + " has SHA-256 " + actual
                    + " but the client sent " + expected + "; the file was corrupted in transit, upload it again");
        }
        staged.commit();
        models.db().jdbi().useTransaction(h -> ModelStore.markUploaded(h, accountId, modelId, announced.filename(), actual));
        return new PutResult(true, announced.size(), actual);
    }

    private ModelStore.FileRow announced(String accountId, String modelId, String filename) {
        return models.db().jdbi().withHandle(h -> {
            ModelRow row = ModelStore.find(h, accountId, modelId)
                    .orElseThrow(() -> ApiError.notFound("model " + ModelNames.name(accountId, modelId) + " not found"));
            if (!row.state().equals(ModelRow.UPLOADING)) {
                throw ApiError.failedPrecondition("model " + row.name() + " is " + row.state() + " and takes no uploads");
            }
            Optional<ModelStore.FileRow> file = ModelStore.files(h, accountId, modelId).stream()
                    .filter(f -> f.filename().equals(filename)).findFirst();
            return file.orElseThrow(() -> ApiError.notFound("file " + filename + " was not announced for model " + row.name()
                    + "; call getUploadEndpoint with it first"));
        });
    }

    private Path partial(String accountId, String modelId, String filename) throws IOException {
        return blobs.localPath(ModelFiles.prefix(accountId, modelId) + "/partial/" + filename);
    }

    private void checkSignature(String method, String path, String expires, String signature) {
        String refusal = signer.refusal(method, path, expires, signature);
        if (refusal != null) {
            throw new ApiError(Code.PERMISSION_DENIED, 403, refusal);
        }
    }

    /** Copies at most {@code limit + 1} bytes, so an oversized body is detected without filling the disk. */
    private static long copy(InputStream in, Path target, boolean append, long limit) throws IOException {
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, limit + 1 - total))) > 0) {
                out.write(buffer, 0, n);
                total += n;
                if (total > limit) {
                    break;
                }
            }
            return total;
        }
    }

    private static ApiError sizeMismatch(ModelStore.FileRow announced, long written) {
        return ApiError.invalid("body", "file " + announced.filename() + " was announced with " + announced.size()
                + " bytes but " + (written > announced.size() ? "more" : "only " + written) + " bytes arrived");
    }

    private static long size(String name, JsonNode size) {
        long value;
        if (size != null && size.isIntegralNumber()) {
            value = size.asLong();
        } else if (size != null && size.isTextual() && size.asText().matches("\\d{1,18}")) {
            value = Long.parseLong(size.asText());
        } else {
            throw ApiError.invalid("filenameToSize." + name, "must be a size in bytes (an int64, as a string or a number)");
        }
        if (value < 1) {
            throw ApiError.invalid("filenameToSize." + name, "must be at least 1 byte");
        }
        return value;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
