// The customer portal page in real headless Chromium (Debian's /usr/bin/chromium through
// playwright-core) against a real `ltds serve` on SQLite and PostgreSQL (test/helpers/portal-world.ts):
// (1) magic link, by keyboard alone: ask for the link, read it from the outbox folder, open it, see
//     every record of the meter point in words, withdraw the consent one; the API then shows it
//     REVOKED and a loopback receiver verified the signed `consent.withdrawal`; the link does not
//     work twice;
// (2) passkey: set one up with Chromium's virtual authenticator (DevTools WebAuthn domain), finish,
//     prove it is you with it and see the records; the same passkey does not open another meter point;
// (3) a second person's records are never shown: a link asked for B's meter point with A's email is
//     never sent, and B, signed in, sees B's record only;
// (4) a Data User's passkey links (`#ceremony=…`): register a passkey from one, prove it is you
//     with it from the next; the Data User's tokens are then confirmed.
// Every state of the page is checked with axe-core at WCAG 2.1 AA and saved as a screenshot under
// test-output/portal/. No request may leave the machine; no console or CSP error may occur; the
// browser is shown to enforce the page's CSP (an inline script and a request to another origin are
// refused). axe-core is evaluated through the DevTools protocol, so the CSP stays on throughout.

import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENGINES } from './helpers/engines.js';
import { B_ONLY, newMails, PERSON_A, PERSON_B, portalWorld, readMails, type PortalWorld } from './helpers/portal-world.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = 'test-output/portal';
const AXE = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const LOCAL = ['127.0.0.1', 'localhost', '[::1]'];

let browser: Browser;

beforeAll(async () => {
  statSync(CHROMIUM);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // localhost always means this machine's IPv4 loopback, where the host listens.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP localhost 127.0.0.1'],
  });
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** A browser context that refuses and records any request off this machine, and a page that records errors. */
interface Session {
  context: BrowserContext;
  foreign: string[];
  problems: string[];
  /** Every 4xx/5xx the pages got: method, path and status. */
  failures: string[];
  /** The text of every JSON answer the pages got from the register. */
  answers: string[];
  open(url: string): Promise<Page>;
}

async function session(width = 1280): Promise<Session> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const s: Session = { context, foreign: [], problems: [], failures: [], answers: [], open: async () => undefined as never };
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || LOCAL.includes(url.hostname)) return route.continue();
    s.foreign.push(url.href);
    return route.abort();
  });
  s.open = async (url: string) => {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) s.problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => s.problems.push(`script: ${e.message}`));
    page.on('requestfailed', (r) => s.problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', async (r) => {
      const path = new URL(r.url()).pathname;
      if (r.status() >= 400) s.failures.push(`${r.request().method()} ${path} ${r.status()}`);
      if (path.startsWith('/dar/v1/') && r.status() !== 204) s.answers.push(await r.text().catch(() => ''));
    });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');
    return page;
  };
  return s;
}

/** axe-core over the page as it is now (evaluated through the DevTools protocol, so the page's CSP stays on); then a screenshot. */
async function check(page: Page, name: string): Promise<void> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE);
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_AA)} } })`)) as { violations: { id: string; help: string; nodes: { target: string[] }[] }[]; passes: unknown[] };
  const violations = result.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(violations, name).toEqual([]);
  expect(result.passes.length, name).toBeGreaterThan(10);
  const shot = join(SHOTS, `${name}.png`);
  await page.screenshot({ path: shot, fullPage: true });
  expect(statSync(shot).size).toBeGreaterThan(5_000);
}

const step = (page: Page) => page.getAttribute('body', 'data-step');
const active = (page: Page) => page.evaluate('document.activeElement && (document.activeElement.id || document.activeElement.getAttribute("data-withdraw") || document.activeElement.textContent)') as Promise<string>;

/** Presses Tab until `predicate` holds for the focused element (at most 40 times); the number of presses. */
async function tabTo(page: Page, selector: string): Promise<number> {
  for (let i = 1; i <= 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`!!document.activeElement && document.activeElement.matches(${JSON.stringify(selector)})`)) return i;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The focused element shows a focus ring (outline and the yellow halo). */
async function expectVisibleFocus(page: Page): Promise<void> {
  const style = (await page.evaluate(`(() => { const cs = getComputedStyle(document.activeElement); return { outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth), shadow: cs.boxShadow }; })()`)) as { outline: string; width: number; shadow: string };
  expect(style.outline).not.toBe('none');
  expect(style.width).toBeGreaterThanOrEqual(2);
  expect(style.shadow).toContain('rgb(255, 191, 71)');
}

/** The records shown, by group: state → organisation names. */
async function shown(page: Page): Promise<Record<string, string[]>> {
  return page.$$eval('#groups li.record', (lis) => {
    const out: Record<string, string[]> = {};
    for (const li of lis) (out[li.getAttribute('data-state') ?? '?'] ??= []).push((li.querySelector('h4')?.firstChild?.textContent ?? '').trim());
    for (const k of Object.keys(out)) out[k]!.sort();
    return out;
  });
}

/** Finds the meter point and asks for a magic link through the page, mouse-free. */
async function askForLink(page: Page, mpan: string, email: string): Promise<void> {
  await page.fill('#mpan', mpan);
  await page.press('#mpan', 'Enter');
  await page.waitForSelector('body[data-step="prove"]');
  await page.fill('#email', email);
  await page.press('#email', 'Enter');
  await page.waitForSelector('body[data-step="sent"]');
}

describe.each(ENGINES.map((e) => [e] as const))('the portal page on %s', (engine) => {
  let world: PortalWorld;
  beforeAll(async () => {
    world = await portalWorld(engine);
  }, 180_000);
  afterAll(async () => world?.close());

  test('(1) magic link by keyboard: records in words, withdraw one; REVOKED in the API, signed consent.withdrawal received; the link works once', async () => {
    const s = await session();
    const page = await s.open(`${world.origin}/portal`);
    expect(await step(page)).toBe('find');
    // The browser enforces the page's CSP: an inline script and a request to another origin are refused.
    await page.evaluate(`window.cspSeen = []; document.addEventListener('securitypolicyviolation', (e) => window.cspSeen.push(e.effectiveDirective));`);
    expect(await page.evaluate(`(() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = true'; document.head.appendChild(s); return window.inlineRan === true; })()`)).toBe(false);
    expect(await page.evaluate(`fetch('https://example.com/track').then(() => 'fetched', () => 'refused')`)).toBe('refused');
    await expect.poll(() => page.evaluate('window.cspSeen.slice().sort()'), { timeout: 30_000 }).toEqual(['connect-src', 'script-src-elem']);
    s.problems.length = 0; // the two refusals above are logged as console errors; nothing else may be
    await check(page, `${engine}-1-find`);

    // Keyboard only: the skip link first, then the MPAN field.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.className')).toBe('skip');
    await page.keyboard.press('Tab');
    expect(await active(page)).toBe('mpan');
    await expectVisibleFocus(page);
    await page.keyboard.type('1312345678900');
    await page.keyboard.press('Enter');
    expect(await page.textContent('#mpan-error')).toContain('does not add up');
    expect(await page.getAttribute('#mpan', 'aria-invalid')).toBe('true');
    expect(await active(page)).toBe('mpan');
    await check(page, `${engine}-1-find-error`);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(PERSON_A.mpan);
    await page.keyboard.press('Enter');
    await page.waitForSelector('body[data-step="prove"]');
    expect(await active(page)).toBe('prove-title');
    await check(page, `${engine}-1-prove`);
    await page.keyboard.press('Tab');
    expect(await active(page)).toBe('email');
    const before = readMails(world.outbox).length;
    await page.keyboard.type(PERSON_A.email);
    await page.keyboard.press('Enter');
    await page.waitForSelector('body[data-step="sent"]');
    expect(await page.textContent('#sent-text')).toContain(PERSON_A.email);
    await check(page, `${engine}-1-sent`);

    // The mail, from the outbox folder; its link opens the records in a new tab, as a mail client would.
    const mail = (await newMails(world.outbox, before))[0]!;
    expect(mail.to).toContain(PERSON_A.email);
    expect(mail.link).toMatch(new RegExp(`^${world.origin}/portal#link=[A-Za-z0-9_-]{43}$`));
    const records = await s.open(mail.link as string);
    await records.waitForSelector('body[data-step="records"]');
    expect(records.url()).toBe(`${world.origin}/portal`); // the secret left the address bar
    expect(await records.textContent('#records-mpan')).toBe(PERSON_A.mpan);
    expect(await shown(records)).toEqual({
      ACTIVE: ['Grid Insights plc', 'Octo Flex Ltd'],
      DISCOVERED: ['Meter Readers Direct'],
      EXPIRED: ['Octo Flex Ltd'],
      REVOKED: ['Grid Insights plc'],
    });
    const text = (await records.textContent('#step-records')) ?? '';
    // Who, why, what data, since when, until when, the legal basis in one sentence.
    expect(text).toContain('Half-hourly consumption to offer a time-of-use tariff');
    expect(text).toContain('electricity you use, every half hour; the tariff you pay for electricity');
    expect(text).toContain('1 November 2026');
    expect(text).toContain('30 June 2027');
    expect(text).toContain('No end date set');
    expect(text).toContain('You agreed to this, and you can withdraw your agreement at any time; they must then stop.');
    expect(text).toContain('They judged they have a genuine reason to use your data');
    expect(text).toContain('The national smart-meter network (the DCC) saw this organisation read your meter');
    expect(text).not.toContain(B_ONLY.organisation);
    expect(text).not.toContain(B_ONLY.purpose);
    // One Withdraw button: on the active consent record only.
    expect(await records.$$eval('[data-withdraw]', (bs) => bs.map((b) => b.closest('li')?.querySelector('h4')?.firstChild?.textContent))).toEqual(['Octo Flex Ltd']);
    await check(records, `${engine}-1-records`);

    // On a phone: nothing wider than the screen, still accessible.
    await records.setViewportSize({ width: 390, height: 844 });
    expect(await records.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await check(records, `${engine}-1-records-phone`);
    // What a phone shows first (the README's picture is this one, from SQLite).
    await records.screenshot({ path: join(SHOTS, `${engine}-1-records-phone-screen.png`) });
    await records.setViewportSize({ width: 1280, height: 900 });

    // Withdraw by keyboard: Tab reaches the button, Enter asks, Enter confirms.
    await records.focus('#records-title');
    await tabTo(records, '[data-withdraw]');
    await expectVisibleFocus(records);
    await records.keyboard.press('Enter');
    expect(await active(records)).toBe('Yes, withdraw');
    await check(records, `${engine}-1-confirm`);
    await records.keyboard.press('Enter');
    await expect.poll(() => records.textContent('#status'), { timeout: 60_000 }).toContain('You withdrew');
    expect(await active(records)).toBe('status');
    expect(await shown(records)).toEqual({
      ACTIVE: ['Grid Insights plc'],
      DISCOVERED: ['Meter Readers Direct'],
      EXPIRED: ['Octo Flex Ltd'],
      REVOKED: ['Grid Insights plc', 'Octo Flex Ltd'],
    });
    expect(await records.$$('[data-withdraw]')).toHaveLength(0);
    await check(records, `${engine}-1-withdrawn`);

    // The register agrees, and the Data User's receiver got the signed event.
    const verify = await world.du1('GET', `/access-records/${world.consentAk}`);
    expect(verify.status).toBe(200);
    expect(verify.json['access-record']['access-event'].state).toBe('REVOKED');
    await world.receiver.waitFor(1, 60_000);
    const withdrawals = world.receiver.received.filter((r) => r.json['event-type'] === 'consent.withdrawal');
    expect(withdrawals).toHaveLength(1);
    expect(withdrawals[0]!.signatureValid).toBe(true);
    expect(withdrawals[0]!.json.payload).toMatchObject({ mpxn: PERSON_A.mpan, 'controller-reference': 'CUST-0001' });
    expect(withdrawals[0]!.json.payload.ak).toBe(`ak_…${world.consentAk.slice(-4)}`);

    // The same link again: refused, said plainly.
    const replay = await s.open(mail.link as string);
    await expect.poll(() => replay.textContent('#status'), { timeout: 60_000 }).toContain('already been used');
    expect(await step(replay)).toBe('find');
    await check(replay, `${engine}-1-link-used`);

    expect(s.failures.filter((f) => !/^POST \/dar\/v1\/portal\/session 410$/.test(f))).toEqual([]);
    expect(s.foreign).toEqual([]);
    expect(s.problems).toEqual([]);
    await s.context.close();
  });

  test('(2) passkey: set one up in the virtual authenticator of Chromium, then prove it is you with it and see the records; it does not open another meter point', async () => {
    const s = await session();
    const start = await s.open(`${world.origin}/portal`);
    const before = readMails(world.outbox).length;
    await askForLink(start, PERSON_A.mpan, PERSON_A.email);
    const mail = (await newMails(world.outbox, before))[0]!;
    const page = await s.open(mail.link as string);
    await page.waitForSelector('body[data-step="records"]');

    // Chromium's own WebAuthn stack with a virtual platform authenticator (DevTools protocol).
    const cdp = await s.context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    expect(await page.isVisible('#add-passkey')).toBe(true);
    await page.click('#add-passkey');
    await expect.poll(() => page.textContent('#status'), { timeout: 60_000 }).toContain('Your passkey is set up');
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ rpId: 'localhost', isResidentCredential: true });
    await check(page, `${engine}-2-passkey-added`);

    // Finish: the session ends in the register and the page forgets the meter point.
    const token = JSON.parse((await page.evaluate(`sessionStorage.getItem('ltds-portal-session')`)) as string).token as string;
    expect((await fetch(`${world.origin.replace('localhost', '127.0.0.1')}/dar/v1/portal/records`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await page.click('#sign-out');
    await page.waitForSelector('body[data-step="find"]');
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await expect.poll(async () => (await fetch(`${world.origin.replace('localhost', '127.0.0.1')}/dar/v1/portal/records`, { headers: { authorization: `Bearer ${token}` } })).status, { timeout: 30_000 }).toBe(401);
    await check(page, `${engine}-2-finished`);

    // Back with the passkey only: no email this time.
    await page.fill('#mpan', PERSON_A.mpan);
    await page.press('#mpan', 'Enter');
    await page.waitForSelector('body[data-step="prove"]');
    await page.click('#use-passkey');
    await page.waitForSelector('body[data-step="records"]');
    expect(Object.keys(await shown(page)).sort()).toEqual(['ACTIVE', 'DISCOVERED', 'EXPIRED', 'REVOKED']);
    expect((await shown(page)).DISCOVERED).toEqual(['Meter Readers Direct']);
    expect(await page.textContent('#passkey-count')).toBe('One passkey is set up for this meter point.');
    expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0]!.signCount).toBeGreaterThanOrEqual(1);
    await check(page, `${engine}-2-passkey-records`);

    // The same passkey at B's meter point: refused, nothing of B's shown.
    await page.click('#sign-out');
    await page.waitForSelector('body[data-step="find"]');
    await page.fill('#mpan', PERSON_B.mpan);
    await page.press('#mpan', 'Enter');
    await page.waitForSelector('body[data-step="prove"]');
    await page.click('#use-passkey');
    await expect.poll(() => page.textContent('#prove-error'), { timeout: 60_000 }).toContain('not accepted');
    expect(await step(page)).toBe('prove');
    expect(await page.innerText('body')).not.toContain(B_ONLY.organisation);
    await check(page, `${engine}-2-passkey-refused`);

    expect(s.failures.filter((f) => f !== 'POST /dar/v1/portal/passkeys/assert/verify 401')).toEqual([]);
    expect(s.failures).toHaveLength(1);
    expect(s.foreign).toEqual([]);
    expect(s.problems).toEqual([]);
    await s.context.close();
  });

  test("(3) a second person's records are never shown: a link for B's meter point is sent only to B's address, and each person sees only their own", async () => {
    // A asks for B's meter point with A's own address: the page says the same as ever, and no mail goes.
    const a = await session();
    const pageA = await a.open(`${world.origin}/portal`);
    const before = readMails(world.outbox).length;
    await askForLink(pageA, PERSON_B.mpan, PERSON_A.email);
    // B asks properly; when B's mail has arrived, the earlier request's would have too.
    const b = await session(390);
    const pageB = await b.open(`${world.origin}/portal`);
    await askForLink(pageB, PERSON_B.mpan, PERSON_B.email);
    const mails = await newMails(world.outbox, before);
    await new Promise((r) => setTimeout(r, 500));
    expect(readMails(world.outbox).slice(before).map((m) => m.to)).toEqual([expect.stringContaining(PERSON_B.email)]);
    expect(mails[0]!.to).toContain(PERSON_B.email);

    // B, on a phone, sees B's one record and nothing of A's.
    const recordsB = await b.open(mails[0]!.link as string);
    await recordsB.waitForSelector('body[data-step="records"]');
    expect(await recordsB.textContent('#records-mpan')).toBe(PERSON_B.mpan);
    expect(await shown(recordsB)).toEqual({ ACTIVE: [B_ONLY.organisation] });
    // What is on screen (the find step's hint, hidden now, quotes an example MPAN).
    const text = await recordsB.innerText('body');
    expect(text).toContain(B_ONLY.purpose);
    expect(text).toContain('electricity you send to the grid, every half hour');
    for (const other of ['Octo Flex Ltd', 'Grid Insights plc', 'Meter Readers Direct', PERSON_A.mpan]) expect(text).not.toContain(other);
    // Nor did anything the register sent B's page mention A.
    expect(b.answers.length).toBeGreaterThan(0);
    for (const answer of b.answers) for (const other of ['Octo Flex Ltd', 'Grid Insights plc', 'Meter Readers Direct', PERSON_A.mpan, PERSON_A.email]) expect(answer).not.toContain(other);
    expect(await recordsB.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await check(recordsB, `${engine}-3-person-b-phone`);

    // And A's page never received anything of B's.
    for (const answer of a.answers) for (const other of [B_ONLY.organisation, B_ONLY.purpose]) expect(answer).not.toContain(other);
    for (const s of [a, b]) {
      expect(s.failures).toEqual([]);
      expect(s.foreign).toEqual([]);
      expect(s.problems).toEqual([]);
      await s.context.close();
    }
  });

  test('(4) a Data User asks for a passkey: the person sets it up from the link, then proves it is them with it from a second link; both tokens are confirmed', async () => {
    const s = await session();
    const start = async (method: 'passkey-register' | 'passkey-assert'): Promise<{ link: string; poll: string }> => {
      const r = await world.du1('POST', `/identity-records/${world.irA}/re-identify`, { method });
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      const link = String(r.json.passkey['redirect-url']).replace('//127.0.0.1:', '//localhost:');
      expect(link).toMatch(new RegExp(`^${world.origin}/portal#ceremony=[A-Za-z0-9_-]+&method=${method}$`));
      return { link, poll: `/identity-records/${world.irA}/re-identify/${r.json.passkey['token-ref']}` };
    };
    const register = await start('passkey-register');
    const page = await s.open(register.link);
    expect(await step(page)).toBe('prove');
    expect(page.url()).toBe(`${world.origin}/portal`);
    expect(await page.isVisible('#link-form')).toBe(false);
    expect(await page.textContent('#use-passkey')).toBe('Set up my passkey');
    await check(page, `${engine}-4-ceremony-register`);
    const cdp = await s.context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await page.click('#use-passkey');
    await expect.poll(() => page.textContent('#status'), { timeout: 60_000 }).toContain('Your passkey is set up');
    expect(await step(page)).toBe('find');
    expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials).toHaveLength(1);
    expect((await world.du1('GET', register.poll)).json.status).toBe('confirmed');

    // The Data User's second request: prove it is you, with that passkey.
    const assert = await start('passkey-assert');
    // A new document in the same tab (so the same virtual authenticator), as following the link would.
    await page.goto('about:blank');
    await page.goto(assert.link);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.textContent('#use-passkey')).toBe('Use my passkey');
    await page.click('#use-passkey');
    await page.waitForSelector('body[data-step="records"]');
    expect(await page.textContent('#records-mpan')).toBe(PERSON_A.mpan);
    expect((await shown(page)).DISCOVERED).toEqual(['Meter Readers Direct']);
    expect((await world.du1('GET', assert.poll)).json.status).toBe('confirmed');
    await check(page, `${engine}-4-ceremony-records`);

    expect(s.failures).toEqual([]);
    expect(s.foreign).toEqual([]);
    expect(s.problems).toEqual([]);
    await s.context.close();
  });
});
