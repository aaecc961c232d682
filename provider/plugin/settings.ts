// The provider plugin's configuration: each service's credential settings under the package's own names
// (`org-roster:clerkSecretKey`, …), derived from the settings the dynamic resources read (`clerk:secretKey`, …), so
// one list of settings serves both, and every credential rule and message holds under either name.

import type { CredentialSpec } from "../http/credentials";

/** The package name: the plugin's, its schema's and the first part of every resource token. */
export const PACKAGE_NAME = "org-roster";

/** A stack setting's name as the plugin's configuration key, without the package: `clerk:secretKey` → `clerkSecretKey`. */
export function pluginSettingName(stackSetting: string): string {
  const [service = "", name = ""] = stackSetting.split(":");
  return `${service}${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** A service's credential settings renamed to the plugin's configuration keys (`org-roster:clerkSecretKey`, …). */
export function pluginCredentialSpec(spec: CredentialSpec): CredentialSpec {
  const named = (setting: string): string => `${PACKAGE_NAME}:${pluginSettingName(setting)}`;
  return { ...spec, keyConfig: named(spec.keyConfig), urlConfig: named(spec.urlConfig), rateConfig: named(spec.rateConfig) };
}
