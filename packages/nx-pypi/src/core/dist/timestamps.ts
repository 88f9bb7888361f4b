/**
 * The one timestamp written into every archive entry. Reproducible builds take it from
 * SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/); without it we use
 * 1980-01-01T00:00:00Z, the earliest instant a zip (DOS) timestamp can hold, so a wheel and an
 * sdist of the same sources always carry the same date whatever the clock or the file mtimes.
 */
export const DEFAULT_BUILD_EPOCH = 315532800;

/** Earliest and latest seconds a zip entry can represent (DOS date: 1980..2107). */
const ZIP_MIN_EPOCH = 315532800;
const ZIP_MAX_EPOCH = 4354819198;

export interface BuildEpochResult {
  epochSeconds: number;
  /** Set when SOURCE_DATE_EPOCH was unusable or clamped: the executor prints it as a warning. */
  warning?: string;
}

/** Parses SOURCE_DATE_EPOCH (decimal seconds since 1970 UTC), clamped to what zip can store. */
export function computeBuildEpoch(sourceDateEpoch: string | undefined): BuildEpochResult {
  if (sourceDateEpoch === undefined || sourceDateEpoch.trim() === '') return { epochSeconds: DEFAULT_BUILD_EPOCH };
  const text = sourceDateEpoch.trim();
  if (!/^\d+$/.test(text)) {
    return {
      epochSeconds: DEFAULT_BUILD_EPOCH,
      warning: `SOURCE_DATE_EPOCH=${JSON.stringify(sourceDateEpoch)} is not a whole number of seconds; using 1980-01-01T00:00:00Z.`,
    };
  }
  const value = Number(text);
  if (value < ZIP_MIN_EPOCH) {
    return { epochSeconds: ZIP_MIN_EPOCH, warning: `SOURCE_DATE_EPOCH=${text} is before 1980, which zip cannot store; using 1980-01-01T00:00:00Z.` };
  }
  if (value > ZIP_MAX_EPOCH) {
    return { epochSeconds: ZIP_MAX_EPOCH, warning: `SOURCE_DATE_EPOCH=${text} is after 2107, which zip cannot store; using the latest zip date.` };
  }
  // DOS timestamps have a 2-second resolution: round down so zip and tar agree on the same instant.
  return { epochSeconds: value - (value % 2) };
}
