import { classifyClientCertificateFailure, describeClientCertificateFailure } from './client-certificate-failure';

describe('classifyClientCertificateFailure', () => {
  const asked = { requested: true };
  const sent = { requested: true, sent: 'CN=ci-runner' };

  it('takes the TLS 1.3 alert "certificate required" as it is', () => {
    expect(classifyClientCertificateFailure(['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'], undefined)).toEqual({ kind: 'required' });
  });

  it.each(['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'ECONNRESET', 'UND_ERR_SOCKET'])(
    'reads %s as "required" only after a CertificateRequest that got no certificate',
    (code) => {
      expect(classifyClientCertificateFailure([code], asked)).toEqual({ kind: 'required' });
      expect(classifyClientCertificateFailure([code], { requested: false })).toBeUndefined();
      expect(classifyClientCertificateFailure([code], undefined)).toBeUndefined();
      expect(classifyClientCertificateFailure([code], sent)).toBeUndefined();
    },
  );

  it('reads an alert about the certificate as a refusal only when one was sent', () => {
    expect(classifyClientCertificateFailure(['ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'], sent)).toEqual({ kind: 'refused', alert: 'unknown CA', sent: 'CN=ci-runner' });
    expect(classifyClientCertificateFailure(['ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'], asked)).toBeUndefined();
    expect(classifyClientCertificateFailure(['UNABLE_TO_VERIFY_LEAF_SIGNATURE'], sent)).toBeUndefined();
  });

  it('names clientCert in the fix, and the alert and the certificate for a refusal', () => {
    expect(describeClientCertificateFailure({ kind: 'required' }, 'nexus:443')).toEqual({
      message: 'nexus:443 asks for a TLS client certificate (mutual TLS) and ended the connection without one: no clientCert is configured for this repository',
      fix: expect.stringContaining('Set "clientCert" for the repository in nx-pypi.json'),
    });
    expect(describeClientCertificateFailure({ kind: 'refused', alert: 'unknown CA', sent: 'CN=ci-runner' }, 'nexus:443')).toEqual({
      message: 'nexus:443 refused the client certificate CN=ci-runner (TLS alert "unknown CA")',
      fix: expect.stringContaining('it does not trust the CA that issued the certificate'),
    });
  });
});
