import { classifyTransportError } from './classify-transport-error';

describe('classifyTransportError', () => {
  it.each([
    [['UND_ERR_SOCKET', 'ECONNRESET'], 'retryable'],
    [['ECONNREFUSED'], 'retryable'],
    [['UND_ERR_HEADERS_TIMEOUT'], 'retryable'],
    [['UNABLE_TO_VERIFY_LEAF_SIGNATURE'], 'tls-certificate'],
    [['SELF_SIGNED_CERT_IN_CHAIN'], 'tls-certificate'],
    [['ERR_TLS_CERT_ALTNAME_INVALID'], 'tls-certificate'],
    // A certificate failure wins even when the socket error is also reported.
    [['UND_ERR_SOCKET', 'CERT_HAS_EXPIRED'], 'tls-certificate'],
    [['ERR_SSL_WRONG_VERSION_NUMBER'], 'tls-protocol'],
    [['ENOTFOUND'], 'fatal'],
    [[], 'fatal'],
  ])('%j -> %s', (codes, kind) => {
    expect(classifyTransportError(codes)).toBe(kind);
  });
});
