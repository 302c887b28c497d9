import { TUTOR_RELEASES } from "./reference/tutor-reference";

/**
 * The name of the openedx-infra YAML plugin, as `tutor plugins enable` takes it. An underscore,
 * not a hyphen: Tutor prefixes the plugin's own keys with the upper-cased name, and
 * `OPENEDX-INFRA_…` could not be read from the Jinja templates the patches are.
 */
export const TUTOR_PLUGIN_NAME = "openedx_infra";

/** The prefix Tutor gives the plugin's own configuration keys (`config.defaults`). */
export const TUTOR_PLUGIN_KEY_PREFIX = `${TUTOR_PLUGIN_NAME.toUpperCase()}_`;

const intersection = (lists: readonly (readonly string[])[]): readonly string[] =>
  [...new Set(lists[0] ?? [])].filter((value) => lists.every((list) => list.includes(value))).sort();

/**
 * Configuration keys of every targeted Tutor release (`defaults.yml` or `base.yml` of each): the
 * only core keys the hand-off may set, so one `config.yml` works on both releases.
 */
export const TUTOR_CONFIG_KEYS: readonly string[] = intersection(TUTOR_RELEASES.map((release) => [...release.defaultKeys, ...release.baseKeys]));

/**
 * Patch names every targeted Tutor release renders. Tutor silently ignores a patch whose name no
 * template renders, so the plugin may use only these.
 */
export const TUTOR_PATCH_NAMES: readonly string[] = intersection(TUTOR_RELEASES.map((release) => release.patchNames));

/** The targeted Tutor releases, e.g. `v21-ulmo` and `v22-verawood`. */
export const TUTOR_RELEASE_NAMES: readonly string[] = TUTOR_RELEASES.map((release) => release.release);

/** Whether `key` is a core key of every targeted release, or one of the openedx-infra plugin's own keys. */
export function isTutorConfigKey(key: string): boolean {
  return TUTOR_CONFIG_KEYS.includes(key) || (key.startsWith(TUTOR_PLUGIN_KEY_PREFIX) && key.length > TUTOR_PLUGIN_KEY_PREFIX.length);
}

/** Whether every targeted release renders the patch `name`. */
export function isTutorPatchName(name: string): boolean {
  return TUTOR_PATCH_NAMES.includes(name);
}
