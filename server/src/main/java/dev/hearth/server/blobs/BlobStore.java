package dev.hearth.server.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where large files live (uploaded model files, converted GGUFs). Keys are slash-separated relative paths that the
 * caller has already validated. Writes are atomic: a key either holds a complete file or nothing.
 */
public interface BlobStore {
    /** Stages a write; nothing is visible under {@code key} until {@link Staged#commit()}. */
    Staged stage(String key) throws IOException;

    Optional<Long> size(String key) throws IOException;

    InputStream open(String key) throws IOException;

    /**
     * A local file path for the blob, for runners that memory-map their model. A remote store would download to a
     * cache here; the local store returns the file itself.
     */
    Path localPath(String key) throws IOException;

    /** Deletes every blob whose key starts with {@code prefix + "/"}. */
    void deleteTree(String prefix) throws IOException;

    /** A write in progress: a temporary file that becomes the blob on commit and disappears on close otherwise. */
    interface Staged extends AutoCloseable {
        Path file();

        void commit() throws IOException;

        @Override
        void close() throws IOException;
    }
}
