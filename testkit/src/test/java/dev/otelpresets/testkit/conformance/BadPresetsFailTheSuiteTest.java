package dev.otelpresets.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.testkit.OtlpReceiver;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * The conformance suite fails a preset with each of three authoring mistakes (the presets in
 * {@link BadPresets}), and passes the same preset without it: a credential setting not flagged
 * secret and sent as a plain header, a DNS lookup in {@code create()}, a file read in {@code
 * create()}. The checks are called directly, as JUnit would call them on a subclass.
 */
class BadPresetsFailTheSuiteTest {

  /** The suite for one of {@link BadPresets}, with its endpoint and one credential variable. */
  private static class Suite extends PresetConformanceTest {
    private final String name;
    private final String credentialVar;
    private final Set<String> nonSecretHeaders;

    Suite(String name, String credentialVar, Set<String> nonSecretHeaders) {
      this.name = name;
      this.credentialVar = credentialVar;
      this.nonSecretHeaders = nonSecretHeaders;
    }

    Suite(String name) {
      this(name, "API_KEY", Set.of());
    }

    private String prefix() {
      return name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_";
    }

    @Override
    protected String presetName() {
      return name;
    }

    @Override
    protected Map<String, String> settingsEnv(OtlpReceiver receiver) {
      return Map.of(
          prefix() + "ENDPOINT",
          receiver.baseUrl(),
          prefix() + credentialVar,
          "cfm-credential-value-7Kq2");
    }

    @Override
    protected Set<String> nonSecretHeaders() {
      return nonSecretHeaders;
    }
  }

  private static String fails(Executable check) {
    AssertionFailedError e =
        assertThrows(AssertionFailedError.class, check, "the suite should fail this preset");
    return e.getMessage();
  }

  private static void assertContains(String haystack, String needle) {
    assertTrue(haystack.contains(needle), () -> "expected <" + needle + "> in: " + haystack);
  }

  @Test
  void theGoodPresetPassesTheNewChecks() throws Exception {
    Files.writeString(BadPresets.ReadsFile.FILE, "-----BEGIN CERTIFICATE-----\n");
    Suite good = new Suite("cfm-good");
    assertDoesNotThrow(good::headersFromSettingsAreSecretOrDeclared);
    assertDoesNotThrow(good::secretsAreRedactedInToString);
    assertDoesNotThrow(good::createDoesNoDnsLookup);
    assertDoesNotThrow(good::createReadsNoFiles);
    assertDoesNotThrow(good::settingsDeclareEnvironmentVariablesAndFlagSecrets);
  }

  @Test
  void credentialSettingNotFlaggedSecretFailsAndRedactionNoLongerSkips() {
    Suite s = new Suite("cfm-unflagged-credential", "AUTH", Set.of());
    assertContains(
        fails(s::headersFromSettingsAreSecretOrDeclared),
        "header 'X-Api-Auth' of exporter 'cfm-unflagged-credential' looks like a credential but is"
            + " not added with secretHeader(...)");
    // before, with no secret setting declared, this check was skipped (an aborted test)
    assertContains(fails(s::secretsAreRedactedInToString), "declares no secret setting, but:");
  }

  @Test
  void nonSecretSettingInAPlainlyNamedHeaderFailsUnlessDeclared() {
    Suite s = new Suite("cfm-unflagged-plain-header", "ACCESS", Set.of());
    assertContains(
        fails(s::headersFromSettingsAreSecretOrDeclared),
        "header 'X-Tenant' carries the value of setting 'access' (CFM_UNFLAGGED_PLAIN_HEADER_ACCESS),"
            + " which is not flagged .secret().");
    assertContains(fails(s::secretsAreRedactedInToString), "header 'X-Tenant' carries");

    // the explicit decision: this header carries an id, not a credential
    Suite declared = new Suite("cfm-unflagged-plain-header", "ACCESS", Set.of("x-tenant"));
    assertDoesNotThrow(declared::headersFromSettingsAreSecretOrDeclared);
    assertDoesNotThrow(declared::secretsAreRedactedInToString);
  }

  @Test
  void dnsLookupInCreateFails() {
    Suite s = new Suite("cfm-dns-lookup");
    assertContains(
        fails(s::createDoesNoDnsLookup),
        "create() of preset 'cfm-dns-lookup' looked" + " up [localhost] (DNS;");
    assertDoesNotThrow(s::createReadsNoFiles);
    // the connection tripwire does not see a bare lookup: this is what the new check adds
    assertDoesNotThrow(s::buildingDoesNoNetworkIo);
  }

  @Test
  void fileReadInCreateFails() throws Exception {
    Files.writeString(BadPresets.ReadsFile.FILE, "-----BEGIN CERTIFICATE-----\n");
    Suite s = new Suite("cfm-reads-file");
    assertContains(
        fails(s::createReadsNoFiles),
        "create() of preset 'cfm-reads-file' read or" + " probed [" + BadPresets.ReadsFile.FILE);
    assertDoesNotThrow(s::createDoesNoDnsLookup);
  }
}
