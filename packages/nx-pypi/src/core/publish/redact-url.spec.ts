import { redactUrl, splitUrlCredentials } from './redact-url';

describe('redactUrl', () => {
  it.each([
    ['https://user:s3cret@nexus.example.com/repository/r/', 'https://nexus.example.com/repository/r/'],
    ['https://user@nexus.example.com/', 'https://nexus.example.com/'],
    ['https://nexus.example.com/repository/r/', 'https://nexus.example.com/repository/r/'],
    ['not a url //u:p@host/x', 'not a url //host/x'],
  ])('%s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });
});

describe('splitUrlCredentials', () => {
  it('returns the URL without userinfo and the percent-decoded credentials', () => {
    expect(splitUrlCredentials('https://dep%40corp:p%3Ass@h/repository/r/')).toEqual({
      url: 'https://h/repository/r/',
      username: 'dep@corp',
      password: 'p:ss',
    });
    expect(splitUrlCredentials('https://h/r/')).toEqual({ url: 'https://h/r/', username: undefined, password: undefined });
  });
});
