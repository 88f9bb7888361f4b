export { redactUrlCredentials, RequirementError } from './errors';
export { findMarkerProblem, MARKER_VARIABLES, type MarkerProblem } from './marker';
export { parseRequirement } from './requirement';
