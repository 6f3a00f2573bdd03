package dev.sparse4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sparse4j.api.Versions;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The version comes from the pom (through the filtered {@code sparse4j.properties}), nowhere else. */
class VersionsTest {

  /** The project version as the pom of sparse-api states it (its own, else its parent's), read independently. */
  private static String pomVersion() throws Exception {
    Path pom = Path.of("pom.xml"); // Surefire runs in the module's directory
    if (!Files.isRegularFile(pom)) {
      pom = Path.of("sparse-api", "pom.xml");
    }
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = f.newDocumentBuilder().parse(pom.toFile());
    var xpath = XPathFactory.newInstance().newXPath();
    String own = xpath.evaluate("/*[local-name()='project']/*[local-name()='version']", doc).trim();
    return own.isEmpty()
        ? xpath.evaluate("/*[local-name()='project']/*[local-name()='parent']/*[local-name()='version']", doc).trim()
        : own;
  }

  @Test
  void theVersionIsTheProjectVersionOfThePom() throws Exception {
    String expected = pomVersion();
    assertFalse(expected.isEmpty(), "no version in sparse-api/pom.xml");
    assertEquals(expected, Versions.SPARSE4J);
    assertEquals(expected, Versions.runtime().get("sparse4j"));
  }

  @Test
  void coordinatesCarryTheVersion() {
    assertEquals("dev.sparse4j:backend-djl-pytorch:" + Versions.SPARSE4J, Versions.coordinates("backend-djl-pytorch"));
  }
}
