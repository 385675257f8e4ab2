/** Profile names, and which profile (or the environment) a command works with. */
import { NotLoggedInError, UsageError } from '../errors.js';
import { isProfileName, type SettingsStore } from '../store/settings.js';

export const BUILT_IN_DEFAULT_PROFILE = 'default';

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

/**
 * NotLoggedInError for `name`: where the name came from, the closest known
 * name when one is a likely typo, the known ones, then how to create it.
 */
export function unknownProfile(name: string, settings: SettingsStore, source?: string): NotLoggedInError {
  const known = settings.listProfiles().map(([profile]) => profile);
  const from = source ? ` (from ${source})` : '';
  if (!known.length) return new NotLoggedInError(name, `Not logged in (profile "${name}"${from}).`);
  const close = closestName(name, known);
  const guess = close ? ` Did you mean "${close}"?` : '';
  return new NotLoggedInError(name, `No profile "${name}"${from}.${guess} Known profiles: ${known.join(', ')}.`);
}

/** The known name within two edits of `name` (the fewest; case ignored), if any. */
export function closestName(name: string, known: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && distance < (best?.distance ?? Infinity)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** Levenshtein distance, with a swap of two neighbours counting as one edit ("prdo" is one from "prod"). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}
