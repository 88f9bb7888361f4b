/**
 * pip takes index credentials only from the index URL (or a keyring). It splits the userinfo at
 * the last `@` and the first `:`, then percent-decodes each part (pip's
 * `split_auth_from_netloc` + `urllib.parse.unquote`). WHATWG's URL setters leave `%` (and some
 * other characters) as they are, so a password such as `p%41ss` would reach the server as `pAss`:
 * each part is percent-encoded in full here first.
 */

/** `indexUrl` with `username:password@` in it, each encoded so that pip decodes exactly these strings. */
export function computeIndexUrlWithCredentials(indexUrl: string, username: string, password: string): string {
  const url = new URL(indexUrl);
  url.username = encodeUserinfo(username);
  url.password = encodeUserinfo(password);
  return url.toString();
}

// encodeURIComponent leaves only A-Z a-z 0-9 - _ . ! ~ * ' ( ) unencoded: none of them is a
// delimiter pip splits on, and `%` becomes `%25`, which the URL setter keeps as it is.
function encodeUserinfo(part: string): string {
  return encodeURIComponent(part);
}
