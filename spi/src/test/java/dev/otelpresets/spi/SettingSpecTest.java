package dev.otelpresets.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingSpecTest {

  @Test
  void requiredUnlessNamesTheOtherSettingAndIsNotRequired() {
    SettingSpec key =
        SettingSpec.builder("api_key")
            .env("X_API_KEY")
            .secret()
            .requiredUnless("endpoint")
            .description("cloud key")
            .build();
    assertEquals(Optional.of("endpoint"), key.requiredUnless());
    assertFalse(key.required(), "required() means always required");
    assertEquals(
        "SettingSpec{api_key, env=[X_API_KEY], required unless endpoint is set, secret}",
        key.toString());
  }

  @Test
  void plainSettingsHaveNoCondition() {
    assertEquals(Optional.empty(), SettingSpec.builder("a").required().build().requiredUnless());
    assertEquals(Optional.empty(), SettingSpec.builder("a").build().requiredUnless());
  }

  @Test
  void requiredUnlessRefusesItselfABadKeyAndRequired() {
    IllegalArgumentException self =
        assertThrows(
            IllegalArgumentException.class,
            () -> SettingSpec.builder("api_key").requiredUnless("api_key"));
    assertEquals(
        "setting 'api_key': requiredUnless('api_key') must name another setting of the"
            + " preset, in lower snake case",
        self.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> SettingSpec.builder("api_key").requiredUnless("Endpoint"));
    IllegalStateException both =
        assertThrows(
            IllegalStateException.class,
            () -> SettingSpec.builder("api_key").required().requiredUnless("endpoint").build());
    assertTrue(both.getMessage().contains("keep one"), both.getMessage());
  }
}
