// The sign-in refusal of a token whose identity has no rights on the scripts
// (a 403 to the first call in cluster mode): who was refused, what is
// missing, the commands an admin runs to grant it, and another token.
import type { NoAccess } from '../api';
import { openDialog } from './dialog';
import { h } from './dom';

/** Whether an API error body is the server's no-access refusal. */
export function isNoAccess(body: unknown): body is NoAccess {
  return !!body && typeof body === 'object' && Array.isArray((body as NoAccess).grant) && typeof (body as NoAccess).identity === 'string';
}

/** Shows the refusal; resolves when the person closes it to use another token. */
export function showNoAccess(refusal: NoAccess): Promise<void> {
  return new Promise((resolve) => {
    openDialog({
      title: 'This token may not use the policy editor',
      testid: 'no-access',
      wide: true,
      body: [
        h('p', { 'data-testid': 'no-access-who' },
          'The cluster accepted the token of ', h('strong', {}, refusal.identity),
          ', but it may neither view nor change the scripts: it needs ', h('code', {}, 'get'),
          ' on the scripts ConfigMap to view them and ', h('code', {}, 'update'), ' to save them.'),
        h('p', {}, 'An admin of the operator\'s namespace grants editing with (use ', h('code', {}, '--verb=get'), ' alone to grant viewing):'),
        h('pre.grant-commands', { 'data-testid': 'no-access-grant' }, refusal.grant.join('\n')),
        h('p.muted', {}, 'Sign in again after it is granted (the server remembers an answer for up to 30 seconds), or use a token that has the rights.'),
      ],
      buttons: [{ label: 'Use another token', testid: 'no-access-retry', kind: 'primary', run: () => true }],
      onClose: resolve,
    });
  });
}
