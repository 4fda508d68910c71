// What the staff console and the attorneys' queue share: the JSON API client that carries the session's CSRF token
// (kept in the page's memory only), and the sign-in form. One place for how a refusal reads, and for never keeping
// a password in the page once it has been sent.
window.Session = (function () {
  'use strict';

  /** Thrown after a 401 on anything but the session itself: the page has already been told to sign in again. */
  class Unauthorised extends Error {}

  /**
   * The page's API client. {@code onSignedOut(message)} is called when the session ends under it. {@code csrf(token)}
   * sets the token sent with every change (null when signed out).
   */
  function client(onSignedOut) {
    let csrf = null;
    async function api(method, path, body) {
      const headers = {};
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
      const r = await fetch('/api/v1' + path, {
        method, headers, credentials: 'same-origin', cache: 'no-store',
        body: body === undefined ? undefined : JSON.stringify(body)
      });
      const text = await r.text();
      const json = text ? JSON.parse(text) : null;
      if (r.status === 401 && path !== '/session') {
        onSignedOut('Your session ended; sign in again.');
        throw new Unauthorised();
      }
      if (!r.ok) {
        const e = new Error(json && json.message ? json.message : 'Request failed (' + r.status + ')');
        e.status = r.status; e.json = json; e.retryAfter = r.headers.get('Retry-After');
        throw e;
      }
      return { status: r.status, json };
    }
    return { api, csrf: (token) => { csrf = token; } };
  }

  /**
   * The sign-in form (#login-form, #email, #password-input, #login-error) and the sign-out button (#sign-out):
   * {@code start(session)} once signed in, {@code signedOut(message)} once signed out.
   */
  function attach($, api, start, signedOut) {
    $('login-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      $('login-error').textContent = '';
      const email = $('email').value.trim();
      const password = $('password-input').value;
      $('password-input').value = '';
      try {
        const { json } = await api('POST', '/session', { email, password });
        $('email').value = '';
        await start(json);
      } catch (err) {
        if (err.status === 429) {
          const minutes = Math.max(1, Math.ceil(Number(err.retryAfter || 60) / 60));
          $('login-error').textContent = 'Too many attempts. Try again in ' + minutes + ' minute' + (minutes === 1 ? '' : 's') + '.';
        } else if (err.status === 401) {
          $('login-error').textContent = 'Wrong email or password.';
        } else {
          $('login-error').textContent = err.message;
        }
      }
    });
    $('sign-out').addEventListener('click', async () => {
      try { await api('DELETE', '/session'); } catch (e) { /* ended either way */ }
      signedOut('Signed out.');
    });
  }

  /** Signed in already (a reload)? The cookie says so to the server; the page itself knows nothing until asked. */
  async function resume(api, start, signedOut) {
    try {
      const { json } = await api('GET', '/session');
      await start(json);
    } catch (e) {
      signedOut();
    }
  }

  return Object.freeze({ Unauthorised, client, attach, resume });
})();
