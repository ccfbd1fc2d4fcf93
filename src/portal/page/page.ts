// The customer portal page: an HTML shell whose script, style sheet and WebAuthn helper all come
// from the same host (nothing inline, nothing from another origin), under a strict Content
// Security Policy. The script (script.ts) fills the steps in: find the meter point, prove it is
// you, see and withdraw records.

/** Where the page and its assets are served (src/server/portal/routes.ts). */
export const PORTAL_PATHS = {
  page: '/portal',
  script: '/portal/assets/portal.js',
  style: '/portal/assets/portal.css',
  webauthn: '/portal/assets/simplewebauthn-browser-13.3.0.umd.min.js',
  icon: '/portal/assets/icon.svg',
} as const;

/**
 * The page's Content Security Policy: scripts, styles and requests only from this host, no inline
 * script or style, no plugins, no framing, no `<base>`, forms only to this host.
 */
export const PORTAL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The page's icon: a meter dial, in the page's blue (so the browser asks this host for nothing it lacks). */
export const PORTAL_ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" fill="#0b4f8a"/><path d="M16 16 L23 9" stroke="#fff" stroke-width="3" stroke-linecap="round"/><circle cx="16" cy="16" r="3" fill="#fff"/></svg>';

/** The page's HTML. `api` is the DAR API's prefix, handed to the script as a data attribute. */
export function portalPageHtml(options: { api: string }): string {
  const api = options.api.replace(/[^A-Za-z0-9/_-]/g, '');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Who can see your smart-meter data</title>
<link rel="icon" href="${PORTAL_PATHS.icon}" type="image/svg+xml">
<link rel="stylesheet" href="${PORTAL_PATHS.style}">
<script src="${PORTAL_PATHS.webauthn}" defer></script>
<script src="${PORTAL_PATHS.script}" defer></script>
</head>
<body data-api="${api}">
<a class="skip" href="#main">Skip to the main content</a>
<header>
<h1>Who can see your smart-meter data</h1>
<p>Find your electricity meter point, prove it is you, and see every organisation that has registered access to its data. You can withdraw any access that rests on your consent.</p>
</header>
<main id="main">
<noscript><p>This page needs JavaScript to talk to the register.</p></noscript>
<div id="status" role="status" aria-live="polite" hidden></div>

<section class="step" id="step-find" aria-labelledby="find-title" hidden>
<h2 id="find-title" tabindex="-1">1. Find your meter point</h2>
<form id="find-form" novalidate>
<label for="mpan">Your MPAN</label>
<p class="hint" id="mpan-hint">The 13-digit number on your electricity bill, usually labelled “MPAN” or “Supply number” (the bottom line of the box, for example 1312345678907).</p>
<input type="text" id="mpan" name="mpan" inputmode="numeric" autocomplete="off" spellcheck="false" aria-describedby="mpan-hint mpan-error" required>
<p class="error" id="mpan-error" hidden></p>
<div class="actions"><button type="submit" id="find-button">Find my meter point</button></div>
</form>
</section>

<section class="step" id="step-prove" aria-labelledby="prove-title" hidden>
<h2 id="prove-title" tabindex="-1">2. Prove it is you</h2>
<p id="prove-intro"></p>
<form id="link-form" novalidate>
<h3>By email</h3>
<label for="email">The email address you gave the organisation</label>
<p class="hint" id="email-hint">We send a sign-in link there only if it is the address the register holds for this meter point.</p>
<input type="email" id="email" name="email" autocomplete="email" spellcheck="false" aria-describedby="email-hint email-error" required>
<p class="error" id="email-error" hidden></p>
<div class="actions"><button type="submit" id="send-link">Email me a sign-in link</button></div>
</form>
<div id="passkey-choice">
<h3>With a passkey</h3>
<p class="hint">If you set up a passkey for this meter point on this device or your phone.</p>
<div class="actions"><button type="button" class="secondary" id="use-passkey">Use my passkey</button></div>
</div>
<p class="error" id="prove-error" role="alert" hidden></p>
<div class="actions"><button type="button" class="secondary" id="prove-back">Use another meter point</button></div>
</section>

<section class="step" id="step-sent" aria-labelledby="sent-title" hidden>
<h2 id="sent-title" tabindex="-1">Check your email</h2>
<p id="sent-text"></p>
<p class="hint">The link works once, for 15 minutes. Nothing arrived? Check your spam folder, or ask for another.</p>
<div class="actions"><button type="button" class="secondary" id="sent-again">Send another link</button></div>
</section>

<section class="step" id="step-records" aria-labelledby="records-title" hidden>
<h2 id="records-title" tabindex="-1">Who has access to meter point <span id="records-mpan"></span></h2>
<p id="records-summary"></p>
<p class="hint" id="passkey-count"></p>
<div id="groups"></div>
<div class="step-passkey" id="passkey-offer" hidden>
<h3>Next time, skip the email</h3>
<p class="hint">A passkey lets this device prove it is you, with your fingerprint, face or screen lock. Nothing about you leaves the device.</p>
<div class="actions"><button type="button" class="secondary" id="add-passkey">Set up a passkey on this device</button></div>
<p class="error" id="passkey-error" role="alert" hidden></p>
</div>
<div class="actions"><button type="button" class="secondary" id="sign-out">Finish and forget this page</button></div>
</section>
</main>
<footer>
<p>This page is served by the register itself and talks to no one else. Withdrawing here records the withdrawal in the register and tells the organisation at once; it does not delete their records of the past.</p>
</footer>
</body>
</html>
`;
}
