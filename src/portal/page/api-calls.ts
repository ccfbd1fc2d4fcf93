// The portal script's calls to the register (docs/portal-api.md): a magic link by email, a portal
// session from the link or from a passkey, the meter point's records, withdrawal, passkey
// registration. The session token lives in sessionStorage (this tab only) until it expires or the
// person finishes; secrets from the link's fragment are removed from the address bar at once.

export const PORTAL_API_JS = String.raw`
  var API = document.body.getAttribute('data-api') || '/dar/v1';
  var SESSION_KEY = 'ltds-portal-session';

  var FRIENDLY = {
    DAR_TOKEN_EXPIRED: 'This link or request has expired (sign-in links last 15 minutes). Please start again.',
    DAR_TOKEN_USED: 'This sign-in link has already been used. Each link works once: please ask for a new one.',
    DAR_PORTAL_SESSION: 'Your session has ended (they last 30 minutes). Please prove it is you again.',
    DAR_PASSKEY_REFUSED: 'That passkey was not accepted for this meter point.',
    DAR_FACTOR_MISSING: 'No way to prove it is you is set up for this meter point.'
  };

  function problem(status, body) {
    var first = body && body.errors && body.errors[0];
    var code = first && first['ltds-code'];
    if (code && FRIENDLY[code]) return FRIENDLY[code];
    if (status === 404) return 'The register does not know this link. Please ask for a new one.';
    if (status === 429) return 'Too many requests from here in a short time. Please wait a minute and try again.';
    if (first && first.message) return first.message;
    return 'The register did not answer as expected (HTTP ' + status + '). Please try again.';
  }

  function readSession() {
    try {
      var s = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
      if (s && s.token && Date.parse(s['expires-at']) > Date.now()) return s;
    } catch (e) { /* storage unavailable: no session */ }
    return null;
  }
  function saveSession(s) {
    try { sessionStorage.setItem(SESSION_KEY, JSON.stringify(s)); } catch (e) { /* kept in memory only */ }
    memory = s;
  }
  var memory = null;
  function session() { return memory || readSession(); }

  function call(method, path, body, auth) {
    var headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    var s = session();
    if (auth && s) headers.authorization = 'Bearer ' + s.token;
    return fetch(API + path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store', redirect: 'error' })
      .then(function (res) {
        if (res.status === 204) return {};
        return res.json().catch(function () { return null; }).then(function (json) {
          if (!res.ok) {
            var err = new Error(problem(res.status, json));
            err.status = res.status;
            err.code = json && json.errors && json.errors[0] && json.errors[0]['ltds-code'];
            throw err;
          }
          return json;
        });
      }, function () { throw new Error('The register could not be reached. Check your connection and try again.'); });
  }

  function toView(r) {
    return {
      key: r['record-ref'],
      state: r.state,
      who: r.organisation,
      contactUrl: r['contact-url'],
      purpose: r.purpose,
      legalBasis: r['legal-basis'],
      dataTypes: r['data-types'],
      since: r['registered-at'],
      until: r.expiry,
      revokedAt: r['revoked-at'],
      firstSeen: r['first-seen'],
      lastSeen: r['last-seen'],
      withdrawable: r.withdrawable === true
    };
  }

  function records() {
    return call('GET', '/portal/records', undefined, true).then(function (body) {
      return { mpan: body.mpxn, records: (body['access-records'] || []).map(toView), credentials: body.credentials || [] };
    });
  }

  function webauthn() {
    var w = window.SimpleWebAuthnBrowser;
    if (!w || !w.browserSupportsWebAuthn()) throw new Error('This browser cannot use passkeys.');
    return w;
  }

  function passkeyError(err) {
    if (err && err.name === 'NotAllowedError') return new Error('The passkey request was cancelled or timed out. You can try again.');
    return err;
  }

  function assertWith(body) {
    return Promise.resolve().then(function () {
      var w = webauthn();
      return call('POST', '/portal/passkeys/assert/options', body).then(function (o) {
        return w.startAuthentication({ optionsJSON: o.options }).then(function (response) {
          return call('POST', '/portal/passkeys/assert/verify', { 'challenge-id': o['challenge-id'], response: response });
        }, function (err) { throw passkeyError(err); });
      });
    }).then(function (answer) { saveSession(answer.session); return records(); });
  }

  function registerWith(body, auth) {
    return Promise.resolve().then(function () {
      var w = webauthn();
      return call('POST', '/portal/passkeys/register/options', body, auth).then(function (o) {
        return w.startRegistration({ optionsJSON: o.options }).then(function (response) {
          return call('POST', '/portal/passkeys/register/verify', { 'challenge-id': o['challenge-id'], response: response }, auth);
        }, function (err) { throw passkeyError(err); });
      });
    });
  }

  /** What the address bar's fragment asks for (a magic link or a Data User's passkey ceremony), removed from the bar at once. */
  function fragment() {
    var hash = window.location.hash.replace(/^#/, '');
    if (!hash) return null;
    var p = {};
    hash.split('&').forEach(function (pair) {
      var i = pair.indexOf('=');
      if (i > 0) p[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1));
    });
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return p;
  }

  var api = {
    sendLink: function (mpan, email) {
      return call('POST', '/portal/magic-link', { mpxn: mpan, email: email });
    },
    passkeySignIn: function (mpan, ceremony) {
      return assertWith(ceremony ? { ceremony: ceremony } : { mpxn: mpan });
    },
    registerPasskey: function (ceremony) {
      return ceremony ? registerWith({ ceremony: ceremony }, false) : registerWith({}, true);
    },
    canRegisterPasskey: function () { return !!session(); },
    withdraw: function (r) {
      return call('POST', '/portal/records/' + encodeURIComponent(r.key) + '/withdraw', { reason: 'withdrawn by the customer in the portal' }, true);
    },
    records: records,
    forget: function () {
      // The DELETE reads the session when it is made, before the session is cleared here.
      var done = session() ? call('DELETE', '/portal/session', undefined, true).catch(function () { /* it ends anyway */ }) : Promise.resolve();
      memory = null;
      try { sessionStorage.removeItem(SESSION_KEY); } catch (e) { /* nothing stored */ }
      return done;
    },
    /** On load: a magic link to spend, a ceremony to continue, a session to resume, or nothing. */
    landing: function () {
      var f = fragment();
      if (f && f.link) {
        return { kind: 'link', result: call('POST', '/portal/session', { link: f.link }).then(function (answer) { saveSession(answer.session); return records(); }) };
      }
      if (f && f.ceremony) return { kind: 'ceremony', ceremony: f.ceremony, method: f.method === 'passkey-register' ? 'passkey-register' : 'passkey-assert' };
      if (session()) return { kind: 'resume', result: records() };
      return null;
    }
  };
`;
