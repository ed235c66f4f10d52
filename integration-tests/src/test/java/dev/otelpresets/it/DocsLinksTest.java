package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and {@code docs/} link only to files of this repository, and every such link names a
 * file that exists; they cite no rule by a bare number a reader cannot look up ("invariant 4").
 */
class DocsLinksTest {
  /** The repository root: this module's parent folder (Surefire runs in the module folder). */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  private static final Pattern NUMBERED_RULE =
      Pattern.compile("\\b(invariant|issue) #?\\d+", Pattern.CASE_INSENSITIVE);

  private static List<Path> markdown() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  @Test
  void theReadmeLinksOnlyToFilesOfThisRepository() throws IOException {
    List<String> outside = new ArrayList<>();
    Matcher m = LINK.matcher(Files.readString(ROOT.resolve("README.md")));
    while (m.find()) {
      if (m.group(1).toLowerCase(Locale.ROOT).matches("[a-z][a-z0-9+.-]*:.*")) {
        outside.add(m.group(1));
      }
    }
    assertEquals(List.of(), outside, "README.md links outside the repository");
  }

  @Test
  void everyRelativeLinkNamesAFileOfThisRepository() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path file : markdown()) {
      Matcher m = LINK.matcher(Files.readString(file));
      while (m.find()) {
        String target = m.group(1);
        if (target.startsWith("#") || target.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
          continue;
        }
        int hash = target.indexOf('#');
        Path resolved =
            file.getParent().resolve(hash < 0 ? target : target.substring(0, hash)).normalize();
        if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
          broken.add(ROOT.relativize(file) + " -> " + target);
        }
      }
    }
    assertEquals(List.of(), broken);
  }

  @Test
  void noRuleIsCitedByABareNumber() throws IOException {
    for (Path file : markdown()) {
      Matcher m = NUMBERED_RULE.matcher(Files.readString(file));
      if (m.find()) {
        fail(ROOT.relativize(file) + " cites '" + m.group() + "', which a reader cannot look up");
      }
    }
  }
}
