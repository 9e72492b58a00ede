import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;

/**
 * issue 23: the container image's Java trust store, made from a folder of PEM certificates (Debian's
 * ca-certificates, usr/share/ca-certificates/mozilla). Run as a single-file program by prepare-rootfs.sh:
 * {@code java CaCerts.java PEM_DIR OUTPUT}. A PKCS12 store read without a password (the JDK's
 * customary "changeit" opens it too).
 */
public final class CaCerts {
  private CaCerts() {}

  public static void main(String[] args) throws Exception {
    Path pems = Path.of(args[0]);
    Path out = Path.of(args[1]);
    // Unencrypted certificates and no integrity password, like the JDK's own cacerts: the JDK opens its trust store
    // without a password, and would read an encrypted certificate bag as an empty store (no TLS at all).
    System.setProperty("keystore.pkcs12.certProtectionAlgorithm", "NONE");
    System.setProperty("keystore.pkcs12.macAlgorithm", "NONE");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    List<Path> files;
    try (Stream<Path> list = Files.list(pems)) {
      files = list.filter(p -> p.toString().endsWith(".crt")).sorted().toList();
    }
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        X509Certificate cert = (X509Certificate) x509.generateCertificate(in);
        String alias = file.getFileName().toString().replaceFirst("\\.crt$", "").toLowerCase();
        store.setCertificateEntry(alias, cert);
      }
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no certificates in " + pems);
    }
    try (OutputStream o = Files.newOutputStream(out)) {
      store.store(o, "changeit".toCharArray());
    }
    System.out.println("CaCerts: " + files.size() + " certificates in " + out);
  }
}
