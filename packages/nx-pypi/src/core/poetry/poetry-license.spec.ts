import { poetryLicense } from './poetry-license';

// Expected values recorded from poetry-core 2.5.0: license_by_id(text).id and .classifier.
describe('poetryLicense', () => {
  it.each([
    ['MIT', 'MIT', 'License :: OSI Approved :: MIT License'],
    ['mit', 'MIT', 'License :: OSI Approved :: MIT License'],
    ['Apache-2.0', 'Apache-2.0', 'License :: OSI Approved :: Apache Software License'],
    ['BSD-3-Clause', 'BSD-3-Clause', 'License :: OSI Approved :: BSD License'],
    ['MPL-2.0', 'MPL-2.0', 'License :: OSI Approved'],
    ['ISC', 'ISC', 'License :: OSI Approved'],
    ['CC0-1.0', 'CC0-1.0', 'License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication'],
    ['CC-BY-4.0', 'CC-BY-4.0', 'License :: Other/Proprietary License'],
    ['Proprietary', 'Proprietary', 'License :: Other/Proprietary License'],
    ['proprietary', 'Proprietary', 'License :: Other/Proprietary License'],
    ['Internal-Use-Only', 'Internal-Use-Only', 'License :: Other/Proprietary License'],
    ['GPL-3.0-or-later', 'GPL-3.0-or-later', 'License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)'],
  ])('writes License: %s as poetry-core does', (text, id, classifier) => {
    expect(poetryLicense(text)).toEqual({ id, classifier });
  });

  it('leaves a text that may be an SPDX full name to the backend', () => {
    expect(poetryLicense('MIT License')).toBeUndefined();
  });
});
