package dev.otelpresets.core.internal.otlp;

import io.opentelemetry.sdk.common.export.Compressor;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * {@code gzip} at a fast deflate level, for every OTLP/HTTP exporter this framework builds. The
 * SDK's own gzip uses the JDK default (level 6, with a 512-byte buffer); on OTLP bodies of LLM
 * spans level {@value #LEVEL} costs a fraction of the CPU for bodies a little larger (see
 * docs/performance.md). The encoding stays {@code gzip}: any receiver decodes it. Internal.
 */
public final class FastGzip implements Compressor {
  /** The deflate level: the fastest. */
  public static final int LEVEL = Deflater.BEST_SPEED;

  private static final int BUFFER_BYTES = 8192;
  private static final FastGzip INSTANCE = new FastGzip(LEVEL);

  private final int level;

  private FastGzip(int level) {
    this.level = level;
  }

  /** The compressor every exporter gets. */
  public static FastGzip instance() {
    return INSTANCE;
  }

  /** A compressor at another level (0-9), to measure levels against each other. */
  public static FastGzip atLevel(int level) {
    if (level < Deflater.NO_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
      throw new IllegalArgumentException("deflate level must be 0-9: " + level);
    }
    return new FastGzip(level);
  }

  /** The deflate level of this compressor. */
  public int level() {
    return level;
  }

  @Override
  public String getEncoding() {
    return "gzip";
  }

  @Override
  public OutputStream compress(OutputStream out) throws IOException {
    return new LeveledGzipStream(out, level);
  }

  @Override
  public String toString() {
    return "gzip/" + level;
  }

  /** The JDK's gzip stream with its deflater set to {@code level} before the first byte. */
  private static final class LeveledGzipStream extends GZIPOutputStream {
    LeveledGzipStream(OutputStream out, int level) throws IOException {
      super(out, BUFFER_BYTES);
      def.setLevel(level);
    }
  }
}
