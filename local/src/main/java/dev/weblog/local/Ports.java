package dev.weblog.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Fails early, naming the option, when a fixed port the user asked for is taken. */
final class Ports {

  private Ports() {}

  /** Port 0 means "any free port" and is always fine. */
  static void requireFree(int port, String option) {
    if (port == 0) {
      return;
    }
    if (port < 0 || port > 65_535) {
      throw new DemoInputException(option + " " + port + ": not a TCP port (1-65535, or 0 for any free port)");
    }
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
    } catch (IOException e) {
      throw new DemoInputException("port " + port + " is already in use (" + option + "); choose another with "
          + option + " N, or " + option + " 0 for any free port");
    }
  }
}
