/** The doctor's terminal output: one line per finding, fixes indented under faults and warnings. */
import type { Finding } from '../../core/config/classify-responses';
import { renderCertificateLine, type CertificateSummary } from '../../core/tls/describe';
import type { DoctorReporter } from './run-doctor';

const LABEL: Record<Finding['severity'], string> = { ok: 'ok   ', info: 'note ', warning: 'WARN ', fault: 'FAULT' };

export function createTextReporter(write: (line: string) => void, now: Date): DoctorReporter {
  return {
    info(label, text) {
      write(`${`${label}:`.padEnd(13)}${text}`);
    },
    chain(origin, certs) {
      write(`${origin} sends ${certs.length} certificate${certs.length === 1 ? '' : 's'}:`);
      certs.forEach((c, i) => write(`  ${i} ${renderCertificateLine(c, now)}`));
    },
    finding(scope, f) {
      write(`${LABEL[f.severity]} [${scope}] ${f.message}`);
      if (f.fix && f.severity !== 'ok') write(`      fix: ${f.fix}`);
    },
  };
}
