package dev.otelpresets.app.cli;

import dev.otelpresets.core.Environment;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the commands run against: the environment variables they read (the process environment,
 * or a map in tests — nothing ever writes the real environment), the class loader presets are
 * found in, and a hook that receives a started gateway (tests use it to stop {@code serve}).
 */
public final class Cli {
  private final Environment environment;
  private final ClassLoader classLoader;
  private final Consumer<ServeCommand.Running> onServe;

  private Cli(
      Environment environment, ClassLoader classLoader, Consumer<ServeCommand.Running> onServe) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    this.onServe = Objects.requireNonNull(onServe, "onServe");
  }

  /** The process environment and the application class loader. */
  public static Cli system() {
    return new Cli(Environment.system(), Cli.class.getClassLoader(), r -> {});
  }

  /** A fixed environment (tests, embedding). */
  public static Cli of(Map<String, String> env) {
    return new Cli(Environment.of(env), Cli.class.getClassLoader(), r -> {});
  }

  /** This context with presets found through {@code loader}. */
  public Cli withClassLoader(ClassLoader loader) {
    return new Cli(environment, loader, onServe);
  }

  /** This context, handing every gateway {@code serve} starts to {@code hook}. */
  public Cli onServe(Consumer<ServeCommand.Running> hook) {
    return new Cli(environment, classLoader, hook);
  }

  public Environment environment() {
    return environment;
  }

  public ClassLoader classLoader() {
    return classLoader;
  }

  Consumer<ServeCommand.Running> serveHook() {
    return onServe;
  }
}
