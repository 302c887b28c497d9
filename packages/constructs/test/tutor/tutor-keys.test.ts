import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TUTOR_RELEASES } from "../../src/tutor/reference/tutor-reference";
import { isTutorConfigKey, isTutorPatchName, TUTOR_CONFIG_KEYS, TUTOR_PATCH_NAMES, TUTOR_PLUGIN_KEY_PREFIX, TUTOR_PLUGIN_NAME, TUTOR_RELEASE_NAMES } from "../../src/tutor/tutor-keys";

describe("Tutor reference keys", () => {
  it("covers Tutor v21 (Ulmo) and v22 (Verawood)", () => {
    expect(TUTOR_RELEASE_NAMES).toEqual(["v21-ulmo", "v22-verawood"]);
  });

  it("holds the keys of defaults.yml and base.yml of both releases", () => {
    expect(TUTOR_CONFIG_KEYS).toHaveLength(85);
    for (const key of ["LMS_HOST", "CMS_HOST", "MEILISEARCH_HOST", "K8S_NAMESPACE", "MYSQL_ROOT_PASSWORD", "OPENEDX_MYSQL_PASSWORD", "ID", "PLUGINS", "SMTP_USE_TLS"]) {
      expect(TUTOR_CONFIG_KEYS).toContain(key);
    }
    expect(TUTOR_CONFIG_KEYS).not.toContain("MFE_HOST");
    for (const release of TUTOR_RELEASES) expect(release.baseKeys).toContain("JWT_RSA_PRIVATE_KEY");
  });

  it("holds the 52 patch names both releases render", () => {
    expect(TUTOR_PATCH_NAMES).toHaveLength(52);
    for (const name of ["openedx-dockerfile", "openedx-common-settings", "openedx-cms-production-settings", "k8s-override"]) expect(isTutorPatchName(name)).toBe(true);
    expect(isTutorPatchName("openedx-lms-settings")).toBe(false);
  });

  it("accepts core keys and the plugin's prefixed keys only", () => {
    expect(TUTOR_PLUGIN_NAME).toBe("openedx_infra");
    expect(TUTOR_PLUGIN_KEY_PREFIX).toBe("OPENEDX_INFRA_");
    expect(isTutorConfigKey("REDIS_PASSWORD")).toBe(true);
    expect(isTutorConfigKey("OPENEDX_INFRA_S3_BUCKET_NAME")).toBe(true);
    expect(isTutorConfigKey("OPENEDX_INFRA_")).toBe(false);
    expect(isTutorConfigKey("S3_STORAGE_BUCKET")).toBe(false);
  });

  // The generated file must match the reference beside the repository when it is there (CI has it).
  it.runIf(existsReference())("matches the reference files", () => {
    for (const release of TUTOR_RELEASES) {
      const patchNames = readFileSync(join(TUTOR_REFERENCE_DIR, release.release, "patch-names.txt"), "utf8").split("\n").filter((line) => line.trim() !== "");
      expect([...release.patchNames]).toEqual([...patchNames].sort());
      const defaults = readFileSync(join(TUTOR_REFERENCE_DIR, release.release, "defaults.yml"), "utf8");
      const keys = defaults.split("\n").map((line) => /^([A-Z][A-Z0-9_]*):/.exec(line)?.[1]).filter((key) => key !== undefined);
      expect([...release.defaultKeys]).toEqual(keys.sort());
    }
  });
});

// shared/ sits beside the repository on the project's machines and in its CI, not in a GitHub checkout.
const TUTOR_REFERENCE_DIR = join(__dirname, "..", "..", "..", "..", "..", "shared", "reference", "tutor");

function existsReference(): boolean {
  return existsSync(join(TUTOR_REFERENCE_DIR, "v21-ulmo", "defaults.yml"));
}
