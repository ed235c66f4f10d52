package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/writing-a-preset.md} shows what {@code examples/langwatch-preset} builds with (module
 * {@code examples-it} builds and tests that project): the guide's {@code pom.xml} and its
 * conformance test class are the example's files, byte for byte, so what the guide shows is what is
 * proven to build and to run the suite.
 */
class WritingAPresetGuideTest {
  /** The repository root: this module's parent folder (Surefire runs in the module folder). */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  private static final Path EXAMPLE = ROOT.resolve("examples/langwatch-preset");

  private static List<String> codeBlocks(String markdown, String language) {
    List<String> blocks = new ArrayList<>();
    String fence = "```" + language + "\n";
    int at = 0;
    while ((at = markdown.indexOf(fence, at)) >= 0) {
      int start = at + fence.length();
      int end = markdown.indexOf("\n```", start);
      blocks.add(markdown.substring(start, end + 1));
      at = end + 4;
    }
    return blocks;
  }

  private static String guide() throws IOException {
    return Files.readString(ROOT.resolve("docs/writing-a-preset.md"));
  }

  @Test
  void theGuidesPomIsTheExamplesPom() throws IOException {
    List<String> xml = codeBlocks(guide(), "xml");
    assertEquals(1, xml.size(), "one xml block: the pom.xml");
    assertEquals(
        Files.readString(EXAMPLE.resolve("pom.xml")),
        xml.get(0),
        "docs/writing-a-preset.md section 1 and examples/langwatch-preset/pom.xml differ");
  }

  @Test
  void theGuidesConformanceTestIsTheExamples() throws IOException {
    String example =
        Files.readString(
            EXAMPLE.resolve("src/test/java/com/example/langwatch/LangWatchConformanceTest.java"));
    assertTrue(
        codeBlocks(guide(), "java").contains(example),
        "docs/writing-a-preset.md section 5 does not show LangWatchConformanceTest.java as it is");
  }

  @Test
  void theGuidesPomPinsWhatMaven38LacksAndFailsWithoutTests() throws IOException {
    String pom = codeBlocks(guide(), "xml").get(0);
    for (String needed :
        List.of(
            "<artifactId>maven-surefire-plugin</artifactId>\n"
                + "          <version>3.5.3</version>",
            "<failIfNoTests>true</failIfNoTests>",
            "<artifactId>maven-compiler-plugin</artifactId>\n          <version>3.14.0</version>",
            "<artifactId>junit-jupiter</artifactId>")) {
      assertTrue(pom.contains(needed), () -> "the guide's pom.xml lacks " + needed);
    }
  }
}
