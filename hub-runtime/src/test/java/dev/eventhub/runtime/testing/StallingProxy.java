package dev.eventhub.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on loopback in front of a hub that can stop passing the hub's bytes on, for a test of a client that
 * falls behind (issue 20, overflow policies) without stopping the client itself (a browser's EventSource): while
 * {@link #stall() stalled}, the socket buffers towards the proxy fill and the hub's queue for the client grows.
 * Bytes towards the hub always pass. Mind that the hub compresses HTTP answers for clients that accept it
 * (browsers do): the events must not compress to nothing, or buffers hold them all.
 */
public final class StallingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch gate = new CountDownLatch(0);

  private StallingProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** Listens on a free loopback port and forwards every connection to {@code targetPort} on loopback. */
  public static StallingProxy start(int targetPort) throws IOException {
    StallingProxy proxy = new StallingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
    proxy.threads.execute(proxy::accept);
    return proxy;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** From now on no byte from the hub goes on to the clients (at most one buffer already read). */
  public void stall() {
    gate = new CountDownLatch(1);
  }

  /** The hub's bytes flow again. */
  public void release() {
    gate.countDown();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket hub = new Socket();
        // A fixed, small receive buffer: autotuning may grow it to tens of MiB (tcp_rmem), which would hold it all.
        hub.setReceiveBufferSize(64 << 10);
        hub.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
        sockets.add(client);
        sockets.add(hub);
        threads.execute(() -> copy(client, hub, false));
        threads.execute(() -> copy(hub, client, true));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void copy(Socket from, Socket to, boolean gated) {
    byte[] buffer = new byte[16 << 10];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (gated && !gate.await(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          return;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // One side closed: the try closes the other.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing anyway.
    }
  }

  @Override
  public void close() {
    release();
    try {
      server.close();
    } catch (IOException e) {
      // Closing anyway.
    }
    sockets.forEach(StallingProxy::closeQuietly);
    threads.shutdownNow();
  }
}
