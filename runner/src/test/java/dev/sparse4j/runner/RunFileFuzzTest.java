package dev.sparse4j.runner;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sparse4j.io.CorruptFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random damage to a real {@code report.json} and {@code config.json} (sparse4j 0.1.0's, the compat
 * fixtures): every damaged file either reads or fails with a {@link CorruptFileException} naming the file, never
 * another exception. Mutations: flipped bytes, truncations, a value replaced by an absurd one (a string, a huge or
 * negative number, null, a nested object), a key renamed.
 */
class RunFileFuzzTest {
  private static final int CASES = 200;
  private static final String[] VALUES = {"\"x\"", "1e308", "-1", "null", "{}", "[]", "99999999999999999999", "true",
      "1.5", "\"\""};

  @TempDir
  Path tmp;

  private interface Reader {
    void read(Path file) throws IOException;
  }

  private void fuzz(String fixture, String name, Reader reader) throws Exception {
    String valid = Files.readString(Path.of(RunFileFuzzTest.class.getResource("/compat/v0.1.0/" + fixture).toURI()),
        StandardCharsets.UTF_8);
    Path dir = Files.createDirectories(tmp.resolve("run-" + name));
    Path file = dir.resolve(name);
    Files.writeString(file, valid);
    reader.read(file);
    SplittableRandom rng = new SplittableRandom(name.hashCode());
    for (int c = 0; c < CASES; c++) {
      String damaged = mutate(valid, rng);
      Files.writeString(file, damaged);
      try {
        reader.read(file);
      } catch (CorruptFileException e) {
        assertTrue(e.getMessage().contains(name), name + " case " + c + ": " + e.getMessage());
      } catch (Throwable t) {
        fail(name + " case " + c + ": expected a CorruptFileException, got " + t + "\n" + damaged, t);
      }
    }
  }

  private static String mutate(String s, SplittableRandom rng) {
    switch (rng.nextInt(4)) {
      case 0 -> {
        char[] chars = s.toCharArray();
        chars[rng.nextInt(chars.length)] ^= (char) (1 << rng.nextInt(7));
        return new String(chars);
      }
      case 1 -> {
        return s.substring(0, rng.nextInt(s.length()));
      }
      case 2 -> {
        // Replace the value after a random ':' up to the next ',' or line end.
        int colon = s.indexOf(':', rng.nextInt(s.length()));
        if (colon < 0) {
          return s;
        }
        int end = colon + 1;
        while (end < s.length() && s.charAt(end) != ',' && s.charAt(end) != '\n') {
          end++;
        }
        return s.substring(0, colon + 1) + " " + VALUES[rng.nextInt(VALUES.length)] + s.substring(end);
      }
      default -> {
        int quote = s.indexOf("\" :", rng.nextInt(s.length()));
        return quote < 0 ? s : s.substring(0, quote) + "Z" + s.substring(quote);
      }
    }
  }

  @Test
  void damagedReportsFailAsCorruptFiles() throws Exception {
    fuzz("report.json", "report.json", RunReevaluation::readReport);
  }

  @Test
  void damagedConfigsFailAsCorruptFiles() throws Exception {
    fuzz("config.json", "config.json", f -> RunDirectory.readConfig(f.getParent()));
  }
}
