/**
 * What poetry-core 2.x writes for a Poetry 1.x `license = "..."` (and a `[project].license` table's
 * text): `license_by_id` finds the SPDX identifier case-insensitively and writes its canonical
 * spelling into `License:`; the license classifier it adds to the classifiers follows from the
 * identifier (`License.classifier`). A PEP 639 `[project].license` string is a License-Expression
 * instead and adds no classifier (poetry-build-project.ts).
 */
import { OSI_APPROVED_IDS, OTHER_LICENSE_IDS } from './spdx-license-ids';

export interface PoetryLicense {
  /** What `License:` carries. */
  id: string;
  /** The classifier poetry-core adds for it. */
  classifier: string;
}

// poetry-core's License.CLASSIFIER_NAMES (the trove classifier names it maps identifiers to).
const CLASSIFIER_NAMES: Readonly<Record<string, string>> = {
  Aladdin: 'Aladdin Free Public License (AFPL)',
  AFPL: 'Aladdin Free Public License (AFPL)',
  'CC0-1.0': 'CC0 1.0 Universal (CC0 1.0) Public Domain Dedication',
  'CECILL-B': 'CeCILL-B Free Software License Agreement (CECILL-B)',
  'CECILL-C': 'CeCILL-C Free Software License Agreement (CECILL-C)',
  'NPL-1.0': 'Netscape Public License (NPL)',
  'NPL-1.1': 'Netscape Public License (NPL)',
  'AFL-1.1': 'Academic Free License (AFL)',
  'AFL-1.2': 'Academic Free License (AFL)',
  'AFL-2.0': 'Academic Free License (AFL)',
  'AFL-2.1': 'Academic Free License (AFL)',
  'AFL-3.0': 'Academic Free License (AFL)',
  'Apache-1.1': 'Apache Software License',
  'Apache-2.0': 'Apache Software License',
  'APSL-1.1': 'Apple Public Source License',
  'APSL-1.2': 'Apple Public Source License',
  'APSL-2.0': 'Apple Public Source License',
  'Artistic-1.0': 'Artistic License',
  'Artistic-2.0': 'Artistic License',
  AAL: 'Attribution Assurance License',
  'AGPL-3.0': 'GNU Affero General Public License v3',
  'AGPL-3.0-only': 'GNU Affero General Public License v3',
  'AGPL-3.0-or-later': 'GNU Affero General Public License v3 or later (AGPLv3+)',
  'BSL-1.0': 'Boost Software License 1.0 (BSL-1.0)',
  'BSD-2-Clause': 'BSD License',
  'BSD-3-Clause': 'BSD License',
  'CDDL-1.0': 'Common Development and Distribution License 1.0 (CDDL-1.0)',
  'CECILL-2.1': 'CEA CNRS Inria Logiciel Libre License, version 2.1 (CeCILL-2.1)',
  'CPL-1.0': 'Common Public License',
  'EPL-1.0': 'Eclipse Public License 1.0 (EPL-1.0)',
  'EPL-2.0': 'Eclipse Public License 2.0 (EPL-2.0)',
  'EFL-1.0': 'Eiffel Forum License',
  'EFL-2.0': 'Eiffel Forum License',
  'EUPL-1.1': 'European Union Public Licence 1.1 (EUPL 1.1)',
  'EUPL-1.2': 'European Union Public Licence 1.2 (EUPL 1.2)',
  'GPL-2.0': 'GNU General Public License v2 (GPLv2)',
  'GPL-2.0-only': 'GNU General Public License v2 (GPLv2)',
  'GPL-2.0+': 'GNU General Public License v2 or later (GPLv2+)',
  'GPL-2.0-or-later': 'GNU General Public License v2 or later (GPLv2+)',
  'GPL-3.0': 'GNU General Public License v3 (GPLv3)',
  'GPL-3.0-only': 'GNU General Public License v3 (GPLv3)',
  'GPL-3.0+': 'GNU General Public License v3 or later (GPLv3+)',
  'GPL-3.0-or-later': 'GNU General Public License v3 or later (GPLv3+)',
  'LGPL-2.0': 'GNU Lesser General Public License v2 (LGPLv2)',
  'LGPL-2.0-only': 'GNU Lesser General Public License v2 (LGPLv2)',
  'LGPL-2.0+': 'GNU Lesser General Public License v2 or later (LGPLv2+)',
  'LGPL-2.0-or-later': 'GNU Lesser General Public License v2 or later (LGPLv2+)',
  'LGPL-3.0': 'GNU Lesser General Public License v3 (LGPLv3)',
  'LGPL-3.0-only': 'GNU Lesser General Public License v3 (LGPLv3)',
  'LGPL-3.0+': 'GNU Lesser General Public License v3 or later (LGPLv3+)',
  'LGPL-3.0-or-later': 'GNU Lesser General Public License v3 or later (LGPLv3+)',
  'MPL-1.0': 'Mozilla Public License 1.0 (MPL)',
  'MPL-1.1': 'Mozilla Public License 1.1 (MPL 1.1)',
  'MPL-2.0': 'Mozilla Public License 2.0 (MPL 2.0)',
  W3C: 'W3C License',
  'ZPL-1.1': 'Zope Public License',
  'ZPL-2.0': 'Zope Public License',
  'ZPL-2.1': 'Zope Public License',
};

// poetry-core's License.CLASSIFIER_SUPPORTED: only these get a named classifier (MPL-2.0 has a name
// above but is not listed, so poetry-core writes the bare "License :: OSI Approved" for it).
const CLASSIFIER_SUPPORTED = new Set([
  ...['Aladdin', 'CC0-1.0', 'CECILL-B', 'CECILL-C', 'NPL-1.0', 'NPL-1.1', 'AFPL', 'AFL-1.1', 'AFL-1.2', 'AFL-2.0', 'AFL-2.1', 'AFL-3.0'],
  ...['Apache-1.1', 'Apache-2.0', 'APSL-1.1', 'APSL-1.2', 'APSL-2.0', 'Artistic-1.0', 'Artistic-2.0', 'AAL', 'AGPL-3.0', 'AGPL-3.0-only'],
  ...['AGPL-3.0-or-later', 'BSL-1.0', 'BSD-2-Clause', 'BSD-3-Clause', 'CDDL-1.0', 'CECILL-2.1', 'CPL-1.0', 'EFL-1.0', 'EFL-2.0', 'EPL-1.0'],
  ...['EPL-2.0', 'EUPL-1.1', 'EUPL-1.2', 'GPL-2.0', 'GPL-2.0+', 'GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-3.0', 'GPL-3.0+', 'GPL-3.0-only'],
  ...['GPL-3.0-or-later', 'LGPL-2.0', 'LGPL-2.0+', 'LGPL-2.0-only', 'LGPL-2.0-or-later', 'LGPL-3.0', 'LGPL-3.0+', 'LGPL-3.0-only'],
  ...['LGPL-3.0-or-later', 'MIT', 'MPL-1.0', 'MPL-1.1', 'MPL-1.2', 'Nokia', 'W3C', 'ZPL-1.0', 'ZPL-2.0', 'ZPL-2.1'],
]);

// The SPDX full names of the supported identifiers without a CLASSIFIER_NAMES entry.
const FULL_NAMES: Readonly<Record<string, string>> = { MIT: 'MIT License', Nokia: 'Nokia Open Source License' };

const BY_LOWER = new Map<string, { id: string; osi: boolean }>([
  ...OTHER_LICENSE_IDS.map((id) => [id.toLowerCase(), { id, osi: false }] as const),
  ...OSI_APPROVED_IDS.map((id) => [id.toLowerCase(), { id, osi: true }] as const),
  ['proprietary', { id: 'Proprietary', osi: false }],
]);

/**
 * The License field and classifier for `text`, or undefined when poetry-core may read it as an SPDX
 * full name ("MIT License" -> MIT), which this table does not carry: the caller lets the backend
 * build then. No full name spans lines, so a text that does (a license file's) is never one.
 * Anything else poetry-core does not know is kept as written, "Other/Proprietary".
 */
export function poetryLicense(text: string): PoetryLicense | undefined {
  const known = BY_LOWER.get(text.toLowerCase());
  if (known === undefined && /\s/.test(text) && !/[\n\r]/.test(text)) return undefined;
  const { id, osi } = known ?? { id: text, osi: false };
  const parts = ['License'];
  if (osi) parts.push('OSI Approved');
  const name = CLASSIFIER_SUPPORTED.has(id) ? (CLASSIFIER_NAMES[id] ?? FULL_NAMES[id] ?? id) : osi ? undefined : 'Other/Proprietary License';
  if (name !== undefined) parts.push(name);
  return { id, classifier: parts.join(' :: ') };
}

/**
 * Whether a PEP 639 expression is already in the spelling packaging's
 * `canonicalize_license_expression` gives it (known identifiers in their SPDX case, upper-case
 * operators, single spaces): poetry-core writes the canonical form, so only then is it ours as written.
 */
export function isCanonicalLicenseExpression(expression: string): boolean {
  if (expression !== expression.trim() || /\s{2,}|\(\s|\s\)/.test(expression)) return false;
  return expression
    .replace(/[()]/g, ' ')
    .split(/\s+/)
    .filter((t) => t !== '')
    .every(
      (t) =>
        ['AND', 'OR', 'WITH'].includes(t) ||
        /^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(t) ||
        BY_LOWER.get(t.replace(/\+$/, '').toLowerCase())?.id === t.replace(/\+$/, ''),
    );
}
