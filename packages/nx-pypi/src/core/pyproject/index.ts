export { DynamicVersionError, PyProjectError, PyProjectProblem } from './errors';
export { formatKeyPath, type KeyPath } from './key-path';
export { indexTomlPositions, type Position, type TomlPositions } from './locate';
export { parsePyProject, requireStaticVersion } from './parse';
export type { BuildSystem, License, Person, PyProject, Readme, Requirement } from './model';
