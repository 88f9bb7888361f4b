/**
 * URLs as they may appear in messages: without userinfo (`https://user:pass@host/` would put a
 * password in an error or a log), as uv's DisplaySafeUrl does.
 */

/** The URL without `user:password@`. A string that does not parse has any `//...@` part removed. */
export function redactUrl(url: string | URL): string {
  try {
    const parsed = new URL(String(url));
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return String(url).replace(/\/\/[^/@]*@/, '//');
  }
}

/** Credentials written into a URL, split from it (percent-decoded), as twine and uv accept them. */
export interface UrlCredentials {
  /** The URL without userinfo. */
  url: string;
  username?: string;
  password?: string;
}

export function splitUrlCredentials(url: string): UrlCredentials {
  const parsed = new URL(url);
  const username = parsed.username ? decodeURIComponent(parsed.username) : undefined;
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), username, password };
}

/** True when the URL carries a password in its userinfo (a secret in a committed file). */
export function urlHasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return /\/\/[^/@:]*:[^/@]*@/.test(url);
  }
}
