package dev.hearth.server.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** Blobs as files under one directory; staged writes go to {@code .staging/} and are renamed into place after fsync. */
public final class LocalBlobStore implements BlobStore {
    private final Path root;
    private final Path staging;

    public LocalBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve(".staging");
        Files.createDirectories(staging);
    }

    @Override
    public Staged stage(String key) throws IOException {
        Path target = resolve(key);
        Path temp = staging.resolve(UUID.randomUUID() + ".part");
        Files.createFile(temp);
        return new Staged() {
            private boolean committed;

            @Override
            public Path file() {
                return temp;
            }

            @Override
            public void commit() throws IOException {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.createDirectories(target.getParent());
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                committed = true;
            }

            @Override
            public void close() throws IOException {
                if (!committed) {
                    Files.deleteIfExists(temp);
                }
            }
        };
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        Path file = resolve(key);
        return Files.isRegularFile(file) ? Optional.of(Files.size(file)) : Optional.empty();
    }

    @Override
    public InputStream open(String key) throws IOException {
        Path file = resolve(key);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(key);
        }
        return Files.newInputStream(file);
    }

    @Override
    public Path localPath(String key) {
        return resolve(key);
    }

    @Override
    public void deleteTree(String prefix) throws IOException {
        Path dir = resolve(prefix);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Keys come from validated resource IDs and file names; this check makes any slip an error, not an escape. */
    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (key.isEmpty() || key.startsWith("/") || !path.startsWith(root) || path.equals(root) || path.startsWith(staging)) {
            throw new IllegalArgumentException("invalid blob key: " + key);
        }
        return path;
    }
}
