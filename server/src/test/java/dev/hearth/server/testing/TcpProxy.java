package dev.hearth.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback TCP relay that a test can cut, to make a database vanish under a running server. */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private TcpProxy(ServerSocket listener, String host, int port) {
        this.listener = listener;
        Thread.ofVirtual().start(() -> accept(host, port));
    }

    public static TcpProxy to(String host, int port) throws IOException {
        return new TcpProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), host, port);
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void accept(String host, int port) {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket(host, port);
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream));
                Thread.ofVirtual().start(() -> pump(upstream, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // The other side or the test closed the connection.
        }
    }

    /** Stops accepting and cuts every open connection. */
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
