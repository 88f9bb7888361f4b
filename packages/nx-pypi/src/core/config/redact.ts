/** A URL safe to print: any user:password part is replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '***';
    u.password = '';
    return u.toString();
  } catch {
    // Not parseable: strip anything that looks like userinfo rather than echo it.
    return url.replace(/\/\/[^/@]*@/, '//***@');
  }
}

/** True when the URL carries a password in its userinfo. */
export function urlHasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return /\/\/[^/@:]*:[^/@]*@/.test(url);
  }
}
