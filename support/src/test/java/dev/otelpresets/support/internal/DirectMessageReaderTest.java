package dev.otelpresets.support.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link GenAiJson#readMessages} and {@link GenAiJson#readParts(String)} read the JSON straight
 * into messages; they must give exactly what reading the generic tree gives, for valid, odd and
 * broken input alike.
 */
class DirectMessageReaderTest {

  private static void same(String json) {
    assertEquals(GenAiJson.readMessagesFromTree(json), GenAiJson.readMessages(json), json);
    assertEquals(GenAiJson.readPartsFromTree(json), GenAiJson.readParts(json), json);
  }

  @Test
  void handPickedShapes() {
    for (String json :
        List.of(
            "",
            " ",
            "[]",
            " [ ] ",
            "{}",
            "null",
            "\"x\"",
            "[1,2]",
            "[{}]",
            "[{\"role\":\"user\"}]",
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"}]}]",
            "[{\"role\":1,\"parts\":[]}]",
            "[{\"role\":\"user\",\"parts\":{}}]",
            "[{\"role\":\"user\",\"parts\":[1,null,{},{\"type\":2}]}]",
            "[{\"role\":\"a\",\"role\":\"b\",\"parts\":[],\"parts\":\"x\"}]",
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":{\"a\":[1,2.5,true]}}]}]",
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\"}]}]",
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"c1\",\"name\":\"f\","
                + "\"arguments\":{\"q\":\"x\"}},{\"type\":\"tool_call\",\"arguments\":1}],"
                + "\"finish_reason\":\"tool_calls\"}]",
            "[{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":null,"
                + "\"response\":[1,{\"b\":null}]}]}]",
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"blob\",\"mime_type\":\"image/png\","
                + "\"content\":\"AAA\",\"id\":null,\"x\":{\"y\":1}}]}]",
            "[{\"type\":\"text\",\"content\":\"system part\"}]",
            "[{\"role\":\"user\",\"extra\":{\"deep\":[[[]]]},\"parts\":[]}] x",
            "[{\"role\":\"us\\u0065r\\n\",\"parts\":[]}]",
            "[{\"role\":\"user\",\"parts\":[]},]",
            "[{\"role\":\"user\" \"parts\":[]}]",
            "[{\"role\":\"user\",\"parts\":[]}",
            "[" + "[".repeat(200) + "]".repeat(200) + "]",
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":"
                + "[".repeat(130)
                + "]".repeat(130)
                + "}]}]")) {
      same(json);
    }
  }

  @Test
  void generatedAndMutatedInput() {
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < 3_000; i++) {
      String json = Json.write(messages(r));
      if (r.nextInt(3) == 0) {
        json = json.replace(",", r.nextBoolean() ? " , " : ",\n\t");
      }
      same(json);
      // broken copies: truncated, one character changed, one removed
      same(json.substring(0, r.nextInt(json.length() + 1)));
      char[] c = json.toCharArray();
      int at = r.nextInt(c.length);
      c[at] = "{}[]\",:0a \\".charAt(r.nextInt(11));
      same(new String(c));
      same(json.substring(0, at) + json.substring(at + 1));
    }
  }

  private static List<Object> messages(SplittableRandom r) {
    List<Object> out = new ArrayList<>();
    int n = r.nextInt(0, 5);
    for (int i = 0; i < n; i++) {
      if (r.nextInt(10) == 0) {
        out.add(scalar(r));
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      if (r.nextInt(8) != 0) {
        m.put("role", r.nextInt(8) == 0 ? scalar(r) : pick(r, "user", "assistant", "tool"));
      }
      if (r.nextInt(6) == 0) {
        m.put("extra", value(r, 3));
      }
      m.put("parts", r.nextInt(8) == 0 ? scalar(r) : parts(r));
      if (r.nextBoolean()) {
        m.put("finish_reason", r.nextInt(4) == 0 ? scalar(r) : "stop");
      }
      out.add(m);
    }
    return out;
  }

  private static List<Object> parts(SplittableRandom r) {
    List<Object> out = new ArrayList<>();
    int n = r.nextInt(0, 4);
    for (int i = 0; i < n; i++) {
      if (r.nextInt(10) == 0) {
        out.add(scalar(r));
        continue;
      }
      Map<String, Object> p = new LinkedHashMap<>();
      String type = pick(r, "text", "tool_call", "tool_call_response", "blob", "reasoning");
      if (r.nextInt(8) != 0) {
        p.put("type", r.nextInt(10) == 0 ? scalar(r) : type);
      }
      for (String k : List.of("content", "id", "name", "arguments", "response", "mime_type")) {
        if (r.nextInt(3) == 0) {
          p.put(k, r.nextInt(3) == 0 ? value(r, 3) : "s \"\\\u00e9" + r.nextInt(100));
        }
      }
      out.add(p);
    }
    return out;
  }

  private static Object value(SplittableRandom r, int depth) {
    if (depth == 0 || r.nextBoolean()) {
      return scalar(r);
    }
    if (r.nextBoolean()) {
      List<Object> l = new ArrayList<>();
      for (int i = r.nextInt(3); i > 0; i--) {
        l.add(value(r, depth - 1));
      }
      return l;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      m.put("k" + r.nextInt(4), value(r, depth - 1));
    }
    return m;
  }

  private static Object scalar(SplittableRandom r) {
    return switch (r.nextInt(6)) {
      case 0 -> null;
      case 1 -> r.nextBoolean();
      case 2 -> (long) r.nextInt(-5, 1000);
      case 3 -> r.nextDouble();
      default -> "t" + r.nextInt(50);
    };
  }

  @SafeVarargs
  private static <T> T pick(SplittableRandom r, T... options) {
    return options[r.nextInt(options.length)];
  }
}
