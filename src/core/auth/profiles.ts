/** Profile names, and which profile (or the environment) a command works with. */
import { NotLoggedInError, UsageError } from '../errors.js';
import { isProfileName, type SettingsStore, type ZoomDomain } from '../store/settings.js';

export const BUILT_IN_DEFAULT_PROFILE = 'default';
export const ZOOM_DOMAINS: readonly ZoomDomain[] = ['zoom.us', 'zoomgov.com'];

/** A profile name from the command line or the environment, checked as the settings file's are (isProfileName). */
export function checkProfileName(name: string, source: string): string {
  if (!isProfileName(name)) {
    throw new UsageError(
      `Invalid profile name "${name.length > 70 ? `${name.slice(0, 64)}…` : name}" (from ${source}).`,
      'Use 1 to 64 letters, digits, "-", "_" or ".".',
    );
  }
  return name;
}

export function checkDomain(domain: string): ZoomDomain {
  const found = ZOOM_DOMAINS.find((known) => known === domain.trim().toLowerCase());
  if (!found) throw new UsageError(`Unknown domain "${domain}": use zoom.us (the default) or zoomgov.com (Zoom for Government).`);
  return found;
}

export interface ProfileChoice {
  name: string;
  /** Named by --profile or ZOOM_S2S_PROFILE, rather than the default. */
  explicit: boolean;
  source: string;
}

/** --profile, else ZOOM_S2S_PROFILE, else the default chosen with `profiles use`, else "default". */
export function chooseProfile(flag: string | undefined, env: Record<string, string | undefined>, settings: SettingsStore): ProfileChoice {
  if (flag !== undefined) return { name: checkProfileName(flag, '--profile'), explicit: true, source: '--profile' };
  const fromEnv = env.ZOOM_S2S_PROFILE;
  if (fromEnv) return { name: checkProfileName(fromEnv, 'ZOOM_S2S_PROFILE'), explicit: true, source: 'ZOOM_S2S_PROFILE' };
  const chosen = settings.getDefaultProfile();
  if (chosen) return { name: chosen, explicit: false, source: 'the default profile' };
  return { name: BUILT_IN_DEFAULT_PROFILE, explicit: false, source: 'the built-in default' };
}

/** NotLoggedInError for `name`, listing the profiles that do exist. */
export function unknownProfile(name: string, settings: SettingsStore): NotLoggedInError {
  const known = settings.listProfiles().map(([profile]) => profile);
  return new NotLoggedInError(
    name,
    known.length ? `No profile "${name}". Known profiles: ${known.join(', ')}.` : `Not logged in (profile "${name}").`,
  );
}
