import { findLicenseExpressionProblem } from './spdx';

describe('findLicenseExpressionProblem (PEP 639 / SPDX syntax)', () => {
  it.each([
    'MIT',
    'Apache-2.0 OR MIT',
    'mit or apache-2.0',
    '(MIT OR Apache-2.0) AND BSD-3-Clause',
    'GPL-2.0-or-later WITH Classpath-exception-2.0',
    'GPL-2.0+',
    'LicenseRef-Proprietary',
    '((MIT))',
    'MIT AND (LGPL-2.1-or-later OR BSD-3-Clause) WITH LLVM-exception',
  ])('accepts %j', (expr) => {
    expect(findLicenseExpressionProblem(expr)).toBeUndefined();
  });

  it.each([
    ['', 'the license expression is empty'],
    ['MIT OR', 'expected a license identifier such as MIT, found the end'],
    ['OR MIT', 'found "OR"'],
    ['MIT License', 'expected AND, OR or WITH between license identifiers, found "License"'],
    ['(MIT', 'expected ")" to close a "(", found the end'],
    ['MIT)', 'expected AND, OR or WITH between license identifiers, found ")"'],
    ['MIT WITH', 'expected an exception identifier'],
    ['MIT/Apache', '"MIT/Apache" is not a license identifier'],
    ['LicenseRef-', '"LicenseRef-" is not a license identifier'],
    ['DocumentRef-x:LicenseRef-y', 'is not a license identifier'],
    ['()', 'expected a license identifier such as MIT, found ")"'],
  ])('rejects %j', (expr, problem) => {
    expect(findLicenseExpressionProblem(expr)).toContain(problem);
  });
});
