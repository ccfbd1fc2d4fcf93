// The portal page's browser script, served from the host as /portal/assets/portal.js. Plain
// ES2017 that every current browser runs; strings reach the DOM only through textContent, never
// as markup. The calls it makes to the register are in api-calls.ts (PORTAL_API_JS); the plain
// English words come from wording.ts as JSON.

import { PORTAL_API_JS } from './api-calls.js';
import { WORDING } from './wording.js';

const VIEW_JS = String.raw`
  var W = WORDING;
  var $ = function (id) { return document.getElementById(id); };
  var STEPS = ['step-find', 'step-prove', 'step-sent', 'step-records'];
  var state = { mpan: '', records: [], ceremony: null };

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'className') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }

  /** Shows one step, moves focus to its heading (so keyboard and screen-reader users follow). */
  function show(step, focus) {
    STEPS.forEach(function (s) { $(s).hidden = s !== step; });
    document.body.setAttribute('data-step', step.replace('step-', ''));
    if (focus !== false) {
      var h = $(step).querySelector('h2');
      if (h) h.focus();
    }
  }

  function status(text, bad) {
    var s = $('status');
    s.textContent = text || '';
    s.hidden = !text;
    s.className = bad ? 'bad' : '';
  }

  function fieldError(id, text) {
    var e = $(id);
    e.textContent = text || '';
    e.hidden = !text;
  }

  function busy(button, on) {
    button.disabled = on;
    if (on) button.setAttribute('aria-busy', 'true'); else button.removeAttribute('aria-busy');
  }

  var DATE = { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' };
  function day(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    return isNaN(d.getTime()) ? String(iso) : d.toLocaleDateString('en-GB', DATE);
  }

  function dataWords(types) {
    return (types || []).map(function (t) { return W.dataTypes[t] || t; }).join('; ');
  }

  /** The MPAN core: 13 digits whose last is the check digit (api-dar.md "MPxN"); a full 21-character MPAN ends in it. */
  function mpanProblem(raw) {
    var digits = raw.replace(/[\s-]/g, '');
    if (!/^\d+$/.test(digits)) return { problem: 'Enter the MPAN as digits only (spaces are fine).' };
    if (digits.length === 21) digits = digits.slice(8);
    if (digits.length !== 13) return { problem: 'An MPAN has 13 digits; you entered ' + digits.length + '.' };
    var w = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43], sum = 0;
    for (var i = 0; i < 12; i++) sum += Number(digits[i]) * w[i];
    if ((sum % 11) % 10 !== Number(digits[12])) return { problem: 'That MPAN does not add up (its last digit is a check digit). Please check it against your bill.' };
    return { mpan: digits };
  }

  // ---- records ----

  /** The register decides (ACTIVE and consent-based); the page agrees with its own table. */
  function withdrawable(r) {
    var basis = W.legalBasis[r.legalBasis];
    return r.withdrawable && r.state === 'ACTIVE' && !!basis && basis.consent;
  }

  function recordItem(r, index) {
    var headingId = 'record-' + index + '-title';
    var basis = W.legalBasis[r.legalBasis];
    var st = W.states[r.state] || { tag: r.state, explain: '' };
    var rows = [];
    function row(term, value) { if (value) { rows.push(el('dt', { text: term })); rows.push(el('dd', { text: value })); } }
    if (r.state === 'DISCOVERED') {
      row('Data seen', dataWords(r.dataTypes));
      row('First seen', day(r.firstSeen));
      row('Last seen', day(r.lastSeen));
      row('What this means', st.explain);
    } else {
      row('Why', r.purpose);
      row('What data', dataWords(r.dataTypes));
      row('Since', day(r.since));
      row(r.state === 'REVOKED' ? 'Would have ended' : 'Until', r.until ? day(r.until) : 'No end date set');
      if (r.state === 'REVOKED') row('Withdrawn on', day(r.revokedAt));
      if (basis) row('Legal basis', basis.name + '. ' + basis.sentence);
      else row('Legal basis', r.legalBasis);
      if (r.controllers && r.controllers.length > 1) row('Together with', r.controllers.slice(1).join(', '));
      row('Status', st.explain);
    }
    if (r.contactUrl && /^https?:\/\//i.test(r.contactUrl)) {
      rows.push(el('dt', { text: 'Contact' }));
      rows.push(el('dd', {}, [el('a', { href: r.contactUrl, rel: 'noopener noreferrer', target: '_blank', text: r.contactUrl.replace(/^https?:\/\//i, '') + ' (opens in a new tab)' })]));
    }
    var li = el('li', { className: 'record', 'data-state': r.state, 'data-record': r.key }, [
      el('h4', { id: headingId }, [r.who || 'An organisation', el('span', { className: 'tag ' + r.state, text: st.tag })]),
      el('dl', {}, rows),
    ]);
    if (withdrawable(r)) {
      var actions = el('div', { className: 'actions' });
      var button = el('button', { type: 'button', className: 'danger', 'aria-describedby': headingId, 'data-withdraw': r.key, text: 'Withdraw my consent' });
      button.addEventListener('click', function () { confirmWithdraw(r, li, button); });
      actions.appendChild(button);
      li.appendChild(actions);
    }
    return li;
  }

  function renderRecords() {
    var groups = $('groups');
    while (groups.firstChild) groups.removeChild(groups.firstChild);
    var n = 0;
    W.stateOrder.forEach(function (s) {
      var list = state.records.filter(function (r) { return r.state === s; });
      if (list.length === 0) return;
      var id = 'group-' + s.toLowerCase();
      var ul = el('ul', { className: 'records', 'aria-labelledby': id + '-title' });
      list.forEach(function (r) { ul.appendChild(recordItem(r, n++)); });
      groups.appendChild(el('section', { className: 'group', id: id, 'aria-labelledby': id + '-title' }, [
        el('h3', { id: id + '-title', text: W.states[s].heading + ' (' + list.length + ')' }),
        ul,
      ]));
    });
    var active = state.records.filter(function (r) { return r.state === 'ACTIVE'; }).length;
    $('records-mpan').textContent = state.mpan;
    $('records-summary').textContent = state.records.length === 0
      ? 'No organisation has registered access to this meter point, and none has been seen reading it.'
      : state.records.length + (state.records.length === 1 ? ' record' : ' records') + ' in the register; ' + active + ' active now.';
  }

  function confirmWithdraw(r, li, button) {
    var old = li.querySelector('.confirm');
    if (old) old.parentNode.removeChild(old);
    var qid = 'confirm-' + r.key;
    var yes = el('button', { type: 'button', className: 'danger', text: 'Yes, withdraw' });
    var no = el('button', { type: 'button', className: 'secondary', text: 'Keep it' });
    var box = el('div', { className: 'confirm', role: 'group', 'aria-labelledby': qid }, [
      el('p', { id: qid, text: 'Withdraw your consent for ' + (r.who || 'this organisation') + '? They will be told at once and must stop using your data. This cannot be undone here; you would have to agree again with them.' }),
      el('div', { className: 'actions' }, [yes, no]),
    ]);
    no.addEventListener('click', function () { box.parentNode.removeChild(box); button.focus(); });
    yes.addEventListener('click', function () {
      busy(yes, true); busy(no, true);
      api.withdraw(r).then(function () {
        r.state = 'REVOKED';
        r.revokedAt = new Date().toISOString();
        renderRecords();
        status('You withdrew your consent for ' + (r.who || 'this organisation') + '. The register has told them.');
        $('status').focus();
      }, function (err) {
        busy(yes, false); busy(no, false);
        status('The withdrawal did not go through: ' + err.message, true);
      });
    });
    li.appendChild(box);
    yes.focus();
  }

  // ---- steps ----

  function showRecords(result) {
    state.mpan = result.mpan || state.mpan;
    state.records = result.records;
    renderRecords();
    var canKey = !!(window.SimpleWebAuthnBrowser && window.SimpleWebAuthnBrowser.browserSupportsWebAuthn());
    $('passkey-offer').hidden = !(canKey && api.canRegisterPasskey());
    $('passkey-count').textContent = result.credentials && result.credentials.length > 0
      ? (result.credentials.length === 1 ? 'One passkey is set up for this meter point.' : result.credentials.length + ' passkeys are set up for this meter point.')
      : '';
    show('step-records');
  }

  function toProve(mpan, ceremony) {
    state.mpan = mpan;
    state.ceremony = ceremony || null;
    var canKey = !!(window.SimpleWebAuthnBrowser && window.SimpleWebAuthnBrowser.browserSupportsWebAuthn());
    $('link-form').hidden = !!ceremony;
    $('passkey-choice').hidden = !canKey;
    $('use-passkey').textContent = ceremony && ceremony.method === 'passkey-register' ? 'Set up my passkey' : 'Use my passkey';
    $('prove-intro').textContent = ceremony
      ? (ceremony.method === 'passkey-register'
        ? 'The organisation you dealt with asked you to set up a passkey, so that next time you can prove it is you without an email.'
        : 'The organisation you dealt with asked you to prove it is you with your passkey.')
      : 'Meter point ' + mpan + '. Prove it is yours with a sign-in link to your email, or with your passkey.';
    if (ceremony && !canKey) $('prove-intro').textContent += ' This browser cannot use passkeys; please open the link in another browser.';
    fieldError('email-error', '');
    fieldError('prove-error', '');
    show('step-prove');
  }

  function find(event) {
    event.preventDefault();
    status('');
    var input = $('mpan');
    var check = mpanProblem(input.value);
    if (check.problem) {
      input.setAttribute('aria-invalid', 'true');
      fieldError('mpan-error', check.problem);
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    fieldError('mpan-error', '');
    toProve(check.mpan);
  }

  function sendLink(event) {
    event.preventDefault();
    var input = $('email');
    var email = input.value.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      input.setAttribute('aria-invalid', 'true');
      fieldError('email-error', 'Enter an email address, like name@example.com.');
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    fieldError('email-error', '');
    var button = $('send-link');
    busy(button, true);
    api.sendLink(state.mpan, email).then(function () {
      busy(button, false);
      $('sent-text').textContent = 'If ' + email + ' is the address the register holds for meter point ' + state.mpan + ', a sign-in link is on its way there. Open it on this device to see your records.';
      show('step-sent');
    }, function (err) {
      busy(button, false);
      fieldError('email-error', err.message);
      input.focus();
    });
  }

  function usePasskey() {
    var button = $('use-passkey');
    busy(button, true);
    fieldError('prove-error', '');
    var ceremony = state.ceremony;
    if (ceremony && ceremony.method === 'passkey-register') {
      api.registerPasskey(ceremony.secret).then(function () {
        busy(button, false);
        state.ceremony = null;
        status('Your passkey is set up. To see your records, enter your meter point and choose “Use my passkey”.');
        show('step-find', false);
        $('status').focus();
      }, function (err) {
        busy(button, false);
        fieldError('prove-error', err.message);
      });
      return;
    }
    api.passkeySignIn(state.mpan, ceremony && ceremony.secret).then(function (result) {
      busy(button, false);
      state.ceremony = null;
      showRecords(result);
    }, function (err) {
      busy(button, false);
      fieldError('prove-error', err.message);
    });
  }

  function addPasskey() {
    var button = $('add-passkey');
    busy(button, true);
    fieldError('passkey-error', '');
    api.registerPasskey().then(function () {
      busy(button, false);
      $('passkey-offer').hidden = true;
      status('Your passkey is set up. Next time, choose “Use my passkey”.');
      $('status').focus();
    }, function (err) {
      busy(button, false);
      fieldError('passkey-error', err.message);
    });
  }

  function signOut() {
    api.forget();
    state = { mpan: '', records: [], ceremony: null };
    $('mpan').value = '';
    $('email').value = '';
    status('You have finished. This page no longer holds anything about your meter point.');
    show('step-find');
  }

  function ready() { document.body.setAttribute('data-ready', 'true'); }

  function start() {
    $('status').setAttribute('tabindex', '-1');
    $('find-form').addEventListener('submit', find);
    $('link-form').addEventListener('submit', sendLink);
    $('sent-again').addEventListener('click', function () { toProve(state.mpan); });
    $('use-passkey').addEventListener('click', usePasskey);
    $('prove-back').addEventListener('click', function () { show('step-find'); $('mpan').focus(); });
    $('add-passkey').addEventListener('click', addPasskey);
    $('sign-out').addEventListener('click', signOut);
    var landing = api.landing();
    if (landing && landing.kind === 'ceremony') {
      toProve('', { secret: landing.ceremony, method: landing.method });
      ready();
      return;
    }
    if (landing) {
      status(landing.kind === 'link' ? 'Checking your sign-in link…' : 'Loading your records…');
      landing.result.then(function (result) {
        status('');
        showRecords(result);
        ready();
      }, function (err) {
        api.forget();
        status(err.message, true);
        show('step-find', false);
        $('status').focus();
        ready();
      });
      return;
    }
    show('step-find', false);
    ready();
  }
`;

/** The whole script: wording, the API calls, the view. */
export function portalScript(): string {
  const wording = JSON.stringify(WORDING).replace(/</g, '\\u003c');
  return `(function () {\n  'use strict';\n  var WORDING = ${wording};\n${PORTAL_API_JS}\n${VIEW_JS}\n  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();\n})();\n`;
}
