export { InvalidVersionError } from './errors';
export {
  compareParsedVersions,
  compareVersions,
  isPreRelease,
  isValidVersion,
  normalizeVersion,
  parseVersion,
  renderVersion,
  type ParsedVersion,
  type PreReleaseLabel,
} from './version';
export {
  isValidSpecifierSet,
  normalizeSpecifierSet,
  parseSpecifierSet,
  renderClause,
  type SpecifierClause,
  type SpecifierOperator,
  type SpecifierSetResult,
} from './specifier';
