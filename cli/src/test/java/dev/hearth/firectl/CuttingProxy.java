package dev.hearth.firectl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback relay to a server that counts the bytes clients send and, once they pass a limit, cuts every
 * connection and refuses new ones: the network going away in the middle of an upload.
 */
final class CuttingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstreamPort;
    private final long limit;
    private final AtomicLong sent = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private CuttingProxy(int upstreamPort, long limit) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        this.limit = limit;
        Thread.ofVirtual().start(this::accept);
    }

    /** A relay to {@code http://127.0.0.1:PORT} that cuts after {@code limit} bytes from clients. */
    static CuttingProxy to(String baseUrl, long limit) throws IOException {
        return new CuttingProxy(Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1)), limit);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** The bytes clients sent through the relay (headers included). */
    long sent() {
        return sent.get();
    }

    boolean cut() {
        return closed;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream, true));
                Thread.ofVirtual().start(() -> pump(upstream, client, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean counted) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (counted) {
                    long before = sent.getAndAdd(n);
                    if (before + n > limit) {
                        out.write(buffer, 0, (int) Math.max(0, limit - before));
                        out.flush();
                        close();
                        return;
                    }
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // One side closed, or the relay was cut.
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // Already closed.
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // Already closed.
            }
        }
    }
}
