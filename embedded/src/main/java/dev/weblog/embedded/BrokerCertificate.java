package dev.weblog.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway self-signed certificate for {@code localhost}, made with the JDK's keytool: a PKCS12 key store for
 * the broker, and the certificate in PEM, which clients trust as their CA (what Strimzi's {@code ca.crt} holds).
 */
public record BrokerCertificate(Path keyStore, String password, Path caPem) {

  /** Creates {@code broker.p12} and {@code ca.crt} in {@code dir}, for localhost. */
  public static BrokerCertificate create(Path dir) {
    return create(dir, "localhost", List.of("dns:localhost", "ip:127.0.0.1"));
  }

  /**
   * The same for a broker reached by other names (a Service's DNS name in a cluster): the first is the subject's
   * CN, each of {@code subjectAltNames} is keytool's {@code dns:NAME} or {@code ip:ADDRESS}.
   */
  public static BrokerCertificate create(Path dir, String commonName, List<String> subjectAltNames) {
    try {
      Files.createDirectories(dir);
      Path keyStore = dir.resolve("broker.p12");
      Path pem = dir.resolve("ca.crt");
      Files.deleteIfExists(keyStore);
      String password = "changeit-" + Long.toHexString(System.nanoTime());
      // EC keys: generated in milliseconds, where RSA takes seconds.
      keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=" + commonName, "-ext", "SAN=" + String.join(",", subjectAltNames), "-validity", "2",
          "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password);
      keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass", password,
          "-file", pem.toString());
      return new BrokerCertificate(keyStore, password, pem);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a test certificate in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool " + args[0] + " failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool " + args[0], e);
    }
  }
}
