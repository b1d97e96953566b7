// The sign-in form: a token with the score scope, posted once and kept as a session cookie.
import { h, page, type Html } from './html.ts';

export function loginPage(next: string, message: string | null): Html {
  return page(
    { title: 'Sign in', signedIn: false },
    h`<h1>Sign in</h1>
<p>The dashboard uses the API's tokens: paste a token with the <code>score</code> scope (or <code>admin</code>). It is checked once; the browser then keeps a session cookie that holds no token and ends when the token is removed from <code>DEPLOYRISK_TOKENS</code>.</p>
${message ? h`<p class="error" role="alert">${message}</p>` : ''}
<form method="post" action="/ui/login" class="filters">
<input type="hidden" name="next" value="${next}">
<label>Token<input type="password" name="token" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>`,
  );
}
