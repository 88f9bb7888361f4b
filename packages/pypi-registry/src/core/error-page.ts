/**
 * Nexus's servlet error page (ErrorPageServlet + errorPageHtml.vm, NEXUS-PYPI.md 1.5): the message
 * becomes the HTTP/1.1 reason phrase and sits HTML-escaped in `<div class="content-section">`.
 */
import { STATUS_CODES } from 'node:http';
import { escapeHtml } from './escape-html';

/** Product name in the page title, as Nexus 3.77 renders it. */
const PRODUCT = 'Sonatype Nexus Repository';

/** Standard reason phrase for a status ("Bad Request"), used when there is no message. */
export function standardReason(status: number): string {
  return STATUS_CODES[status] ?? 'Unknown';
}

/**
 * The reason phrase Nexus puts on the status line: the message itself, or the standard phrase.
 * Node refuses control and non-Latin-1 characters in a reason phrase, and so would any proxy:
 * those are replaced by `?` (a filename is the only user-controlled part of a message).
 */
export function renderReasonPhrase(status: number, message: string | undefined): string {
  if (!message) return standardReason(status);
  return message.replace(/[^\x20-\x7e]/g, '?');
}

/** The HTML body of an error response. Without a message Nexus shows the standard phrase. */
export function renderErrorPage(status: number, message: string | undefined): string {
  const description = standardReason(status);
  const text = escapeHtml(message || description);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <title>${status} - ${PRODUCT}</title>
  <meta http-equiv="Content-Type" content="text/html; charset=UTF-8"/>
  <link rel="icon" type="image/png" href="/static/rapture/resources/favicon-32x32.png" sizes="32x32">
  <link rel="stylesheet" type="text/css" href="/static/css/nexus-content.css"/>
</head>
<body>
<div class="nexus-header">
  <a href="/">
    <div class="product-logo">
      <img src="/static/rapture/resources/images/nxrm-reverse-icon.png" alt="Product logo"/>
    </div>
    <div class="product-id">
      <div class="product-id__line-1">
        <span class="product-name">${PRODUCT}</span>
      </div>
    </div>
  </a>
</div>
<div class="nexus-body">
  <div class="content-header">
    <img src="/static/rapture/resources/icons/x32/exclamation.png" alt="Exclamation point" aria-role="presentation"/>
    <span class="title">Error ${status}</span>
    <span class="description">${escapeHtml(description)}</span>
  </div>
  <div class="content-body">
    <div class="content-section">
      ${text}
    </div>
  </div>
</div>
</body>
</html>
`;
}
