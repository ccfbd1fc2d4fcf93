// The portal's style sheet, served from the host as /portal/portal.css (the page's CSP allows no
// inline style). Mobile first: one column, large tap targets, text at 17 px; every colour pair
// meets WCAG AA contrast; focus is always visible.

export const PORTAL_CSS = String.raw`
:root { --ink: #1b1f24; --muted: #4a5562; --line: #c9d1da; --bg: #f5f7f9; --card: #fff; --brand: #0b4f8a; --brand-ink: #fff; --focus: #ffbf47; --ok: #0b6b3a; --warn: #8a3b00; --bad: #a4161a; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--brand); }
.skip { position: absolute; left: -9999px; top: 0; background: var(--card); padding: 8px 12px; }
.skip:focus { left: 8px; top: 8px; z-index: 10; }
header { background: var(--brand); color: var(--brand-ink); padding: 16px 20px; }
header p { margin: 4px 0 0; max-width: 60ch; }
h1 { font-size: 24px; line-height: 1.25; margin: 0; }
h2 { font-size: 21px; line-height: 1.3; margin: 0 0 8px; }
h3, h4 { font-size: 18px; line-height: 1.3; margin: 0 0 4px; }
#link-form h3, #passkey-choice h3, #passkey-offer h3 { margin-top: 20px; }
#passkey-choice, #passkey-offer { border-top: 1px solid var(--line); margin-top: 20px; }
main { max-width: 760px; margin: 0 auto; padding: 16px 16px 40px; }
section.step { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 18px 20px; margin-top: 16px; }
[hidden] { display: none !important; }
label { display: block; font-weight: 600; margin-bottom: 4px; }
.hint { color: var(--muted); font-size: 15px; margin: 0 0 8px; }
input[type="text"], input[type="email"] { font: inherit; width: 100%; max-width: 22em; padding: 10px 12px; border: 2px solid var(--ink); border-radius: 6px; background: #fff; color: var(--ink); }
input[aria-invalid="true"] { border-color: var(--bad); }
button { font: inherit; font-weight: 600; min-height: 44px; padding: 8px 18px; border-radius: 6px; border: 2px solid var(--brand); background: var(--brand); color: var(--brand-ink); cursor: pointer; }
button.secondary { background: #fff; color: var(--brand); }
button.danger { background: var(--bad); border-color: var(--bad); color: #fff; }
button:disabled { opacity: .6; cursor: progress; }
.actions { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 14px; }
:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; box-shadow: 0 0 0 6px var(--focus); }
h2:focus, h2:focus-visible { outline: none; box-shadow: none; }
.error { color: var(--bad); font-weight: 600; margin: 8px 0 0; }
#status { margin-top: 16px; padding: 12px 14px; border-radius: 8px; border-left: 6px solid var(--ok); background: #e8f4ec; }
#status.bad { border-left-color: var(--bad); background: #fbeaea; }
.group { margin-top: 22px; }
.group > p { color: var(--muted); margin: 0 0 8px; font-size: 15px; }
ul.records { list-style: none; margin: 0; padding: 0; display: grid; gap: 12px; }
.record { border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 8px; padding: 12px 14px; background: #fff; }
.record[data-state="ACTIVE"] { border-left-color: var(--ok); }
.record[data-state="DISCOVERED"] { border-left-color: var(--warn); }
.record[data-state="REVOKED"] { border-left-color: var(--bad); }
.record dl { margin: 8px 0 0; display: grid; grid-template-columns: 9.5em minmax(0, 1fr); gap: 4px 12px; }
.record dt { font-weight: 600; color: var(--muted); }
.record dd { margin: 0; overflow-wrap: anywhere; }
.tag { display: inline-block; font-size: 14px; font-weight: 700; padding: 0 8px; border-radius: 10px; border: 1px solid currentColor; margin-left: 6px; vertical-align: 2px; }
.tag.ACTIVE { color: var(--ok); } .tag.DISCOVERED { color: var(--warn); } .tag.REVOKED { color: var(--bad); } .tag.EXPIRED { color: var(--muted); }
.confirm { margin-top: 12px; padding: 12px; border: 2px solid var(--bad); border-radius: 8px; background: #fff7f7; }
.confirm p { margin: 0 0 8px; }
footer { max-width: 760px; margin: 0 auto; padding: 0 16px 32px; color: var(--muted); font-size: 15px; }
@media (max-width: 520px) {
  body { font-size: 16px; }
  header { padding: 14px 14px; }
  h1 { font-size: 21px; }
  main { padding: 8px 10px 32px; }
  section.step { padding: 14px 12px 16px; }
  .record dl { grid-template-columns: 1fr; gap: 0; }
  .record dd { margin-bottom: 6px; }
  .actions button { width: 100%; }
}
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
`;
