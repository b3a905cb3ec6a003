package io.sparkify.kafka.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Local TCP ports: a free one, or whether a given one can be bound. */
final class Ports {

    private Ports() {
    }

    /**
     * A port free right now. The KRaft quorum needs its controller address written into the
     * configuration before the server binds, so the broker cannot simply bind port 0.
     */
    static int free() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new BrokerStartException("cannot find a free local port: " + e.getMessage(), e);
        }
    }

    /** True when nothing listens on {@code port} on any local address. */
    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
