package dev.hearth.firectl;

import dev.hearth.api.HearthClient;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moves model files through the signed URLs of {@code :getUploadEndpoint} and {@code :getDownloadEndpoint}.
 *
 * <p>An upload is resumable: it first asks the server how much of the file it holds ({@code Content-Range: bytes
 * *}{@code /TOTAL}), then sends the rest in chunks ({@code Content-Range: bytes START-END/TOTAL}), the last one with
 * the file's SHA-256 for the server to check. A file the server already holds with the same checksum is skipped, so
 * running an interrupted {@code create model} again sends only what is missing. A download checks the size and the
 * SHA-256 the server announces and only then moves the file into place.
 */
final class SignedUrlTransfer {
    static final String SHA256_HEADER = "x-hearth-sha256";
    /** Overrides the upload chunk size in bytes (tests use small chunks to interrupt an upload half-way). */
    static final String CHUNK_BYTES_VARIABLE = "FIRECTL_UPLOAD_CHUNK_BYTES";
    static final long DEFAULT_CHUNK_BYTES = 16L << 20;

    private static final int INCOMPLETE = 308;
    private static final int CONFLICT = 409;
    private static final int MAX_REQUERIES = 3;
    private static final Pattern RECEIVED = Pattern.compile("bytes=0-(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final long chunkBytes;
    private final ProgressBar.Factory progress;

    SignedUrlTransfer(long chunkBytes, ProgressBar.Factory progress) {
        if (chunkBytes < 1) {
            throw new UsageException(CHUNK_BYTES_VARIABLE + " must be a positive number of bytes, got " + chunkBytes);
        }
        this.chunkBytes = chunkBytes;
        this.progress = progress;
    }

    /** What the server holds of a file: {@code received} bytes, complete with {@code sha256} when that is not null. */
    private record Offset(long received, String sha256) {
        boolean complete() {
            return sha256 != null;
        }
    }

    record Downloaded(String filename, String path, long sizeBytes, String sha256) {}

    void upload(String url, LocalModel.File file) {
        String sha256 = Sha256.of(file.path());
        Offset offset = query(url, file);
        if (offset.complete() && offset.sha256().equalsIgnoreCase(sha256)) {
            progress.start(file.name(), file.size(), file.size()).finish();
            return;
        }
        // A complete file with another checksum (the local file changed since) is replaced from byte 0.
        long start = offset.complete() ? 0 : offset.received();
        ProgressBar bar = progress.start(file.name(), file.size(), start);
        int requeries = 0;
        while (true) {
            HttpResponse<String> response;
            if (offset.complete()) {
                response = put(url, file, 0, file.size(), null, sha256, bar);
            } else {
                long end = Math.min(start + chunkBytes, file.size());
                response = put(url, file, start, end - start, "bytes " + start + "-" + (end - 1) + "/" + file.size(),
                        end == file.size() ? sha256 : null, bar);
            }
            if (response.statusCode() == INCOMPLETE) {
                long received = received(response);
                if (received <= start) {
                    throw new IllegalStateException("the server kept none of the bytes of " + file.name() + " sent from byte "
                            + start + "; run the same command again to resume");
                }
                start = received;
                bar.moveTo(start);
                continue;
            }
            if (response.statusCode() == CONFLICT && requeries++ < MAX_REQUERIES) {
                // Another client moved the file on: continue from what the server holds now.
                offset = query(url, file);
                if (offset.complete() && offset.sha256().equalsIgnoreCase(sha256)) {
                    break;
                }
                start = offset.complete() ? 0 : offset.received();
                bar.moveTo(start);
                continue;
            }
            checkStored(file, response, sha256);
            break;
        }
        bar.moveTo(file.size());
        bar.finish();
    }

    Downloaded download(String filename, String url, Path dir) {
        Path target = dir.resolve(filename).normalize();
        if (!filename.equals(target.getFileName().toString()) || !dir.normalize().equals(target.getParent())) {
            throw new IllegalStateException("the server offered a file named \"" + filename + "\", which is not a plain file name");
        }
        Path part = dir.resolve(filename + ".part");
        HttpResponse<InputStream> response = send(HttpRequest.newBuilder(URI.create(url)).GET(),
                HttpResponse.BodyHandlers.ofInputStream(), "download of " + filename);
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw HearthClient.error(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            String expectedSha = response.headers().firstValue(SHA256_HEADER).orElse(null);
            ProgressBar bar = progress.start(filename, size, 0);
            MessageDigest digest = Sha256.digest();
            long received = 0;
            try (OutputStream out = Files.newOutputStream(part)) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = body.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    digest.update(buffer, 0, n);
                    received += n;
                    bar.advance(n);
                }
            }
            bar.finish();
            String sha256 = Sha256.hex(digest);
            if (size >= 0 && received != size) {
                Files.deleteIfExists(part);
                throw new IllegalStateException("download of " + filename + " stopped after " + received + " of " + size
                        + " bytes; run the command again");
            }
            if (expectedSha != null && !expectedSha.equalsIgnoreCase(sha256)) {
                Files.deleteIfExists(part);
                throw new IllegalStateException("download of " + filename + " has SHA-256 " + sha256 + " but the server announced "
                        + expectedSha + "; run the command again");
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            return new Downloaded(filename, target.toString(), received, sha256);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // The error below is the one to report.
            }
            throw new UncheckedIOException("download of " + filename + " failed: " + describe(e)
                    + "; run the command again", e);
        }
    }

    /** Asks the server how much of the file it holds. */
    private Offset query(String url, LocalModel.File file) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Range", "bytes */" + file.size())
                        .PUT(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.ofString(), "upload of " + file.name());
        if (response.statusCode() == INCOMPLETE) {
            return new Offset(received(response), null);
        }
        if (response.statusCode() / 100 == 2) {
            return new Offset(file.size(), response.headers().firstValue(SHA256_HEADER).orElse(""));
        }
        throw HearthClient.error(response.statusCode(), response.body());
    }

    private HttpResponse<String> put(String url, LocalModel.File file, long start, long length, String contentRange,
            String sha256, ProgressBar bar) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> slice(file.path(), start, length, bar)), length));
        if (contentRange != null) {
            request.header("Content-Range", contentRange);
        }
        if (sha256 != null) {
            request.header(SHA256_HEADER, sha256);
        }
        return send(request, HttpResponse.BodyHandlers.ofString(), "upload of " + file.name());
    }

    private static void checkStored(LocalModel.File file, HttpResponse<String> response, String sha256) {
        if (response.statusCode() / 100 != 2) {
            throw HearthClient.error(response.statusCode(), response.body());
        }
        String stored = response.headers().firstValue(SHA256_HEADER).orElse(sha256);
        if (!stored.equalsIgnoreCase(sha256)) {
            throw new IllegalStateException("the server stored " + file.name() + " with SHA-256 " + stored + " but "
                    + file.path() + " has " + sha256);
        }
    }

    private static long received(HttpResponse<?> response) {
        return response.headers().firstValue("Range").map(RECEIVED::matcher).filter(Matcher::matches)
                .map(m -> Long.parseLong(m.group(1)) + 1).orElse(0L);
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler, String what) {
        try {
            return http.send(request.build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(what + " was interrupted: " + describe(e)
                    + "; run the same command again to resume", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** {@code length} bytes of the file from {@code start}, counted into the progress bar as they are read. */
    private static InputStream slice(Path path, long start, long length, ProgressBar bar) {
        try {
            SeekableByteChannel channel = Files.newByteChannel(path).position(start);
            return new FilterInputStream(Channels.newInputStream(channel)) {
                private long left = length;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] buffer, int offset, int count) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(buffer, offset, (int) Math.min(count, left));
                    if (n > 0) {
                        left -= n;
                        bar.advance(n);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
