/**
 * The JSON Nexus's REST API gives for a hosted PyPI repository (`GET
 * /service/rest/v1/repositories/pypi/hosted/<name>`), limited to the fields checked in
 * sonatype/nexus-public: SimpleApiHostedRepository (name, format, type "hosted", url, online,
 * storage) and HostedStorageAttributes (blobStoreName, strictContentTypeValidation, writePolicy).
 * Current Nexus sends writePolicy as the WritePolicy enum name (`WritePolicy.fromString(..).name()`):
 * ALLOW, ALLOW_ONCE or DENY.
 */
import type { WritePolicy } from './write-policy';

const NEXUS_WRITE_POLICY: Record<WritePolicy, string> = { allow: 'ALLOW', 'allow-once': 'ALLOW_ONCE', deny: 'DENY' };

/** `url` is `<origin>/repository/<name>` (Nexus's Repository.getUrl(): no trailing slash). */
export function renderHostedSettings(repository: { name: string; writePolicy: WritePolicy }, url: string): string {
  return JSON.stringify({
    name: repository.name,
    format: 'pypi',
    type: 'hosted',
    url,
    online: true,
    storage: { blobStoreName: 'default', strictContentTypeValidation: true, writePolicy: NEXUS_WRITE_POLICY[repository.writePolicy] },
  });
}
