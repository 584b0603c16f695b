// Client of the operator's editor API (same origin, relative URLs so the page
// works behind a path prefix). Every call sends the bearer token; a 401 asks
// for a token and retries. The request and reply types are generated from
// the operator's Rust types (api.generated.ts, `make contract`).
import type {
  CheckResult, DryRunRequest, DryRunResult, ErrorAt, HistoryEntry, HistoryVersion, Impact, ProposedSet, RollbackRequest, Rollout,
  SaveRequest, Saved, ScriptsView, SessionInfo, TestReport, VersionInfo,
} from './api.generated';
import { clearToken, getToken, requestToken } from './auth';

export type * from './api.generated';

/** Scripts by file name. */
export type Scripts = Record<string, string>;

/** Another script's decision in a dry-run, or why it failed: `idle`, `autostart`, `template` and `admit` of `DryRunResult.decision`. */
export type SideDecision = Record<string, unknown> & { error?: string };

/** `DryRunResult.decision`: the reconcile decision plus `idle`, `autostart`, `template` and `admit` (a Template alone: only `template`). */
export type DryRunDecision = Record<string, unknown> & { idle?: SideDecision; autostart?: SideDecision; template?: SideDecision; admit?: SideDecision };

/** The 409 answer of a save or rollback whose `If-Match` is not the stored version. */
export interface Conflict { error: string; current: VersionInfo }

/** The 422 answer of a save or rollback whose scripts do not compile or fail their fixtures. */
export interface Refused { error: string; errors?: ErrorAt[]; tests?: Pick<TestReport, 'summary' | 'cases'> | null }

export class ApiError extends Error {
  constructor(public status: number, public body: unknown, message: string) {
    super(message);
  }
}

/** The URL of an API path, relative to the page (so a path prefix is kept). */
export function apiUrl(path: string): string {
  return new URL(path.replace(/^\//, ''), document.baseURI).toString();
}

function errorMessage(status: number, body: unknown, fallback: string): string {
  if (body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') return (body as { error: string }).error;
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 300);
  return `${fallback} (HTTP ${status})`;
}

async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let token = getToken() ?? (await requestToken());
  for (;;) {
    const res = await fetch(apiUrl(path), {
      method,
      headers: {
        Accept: 'application/json',
        Authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      cache: 'no-store',
    });
    const type = res.headers.get('content-type') ?? '';
    const text = await res.text();
    let data: unknown = text;
    if (type.includes('json') || /^\s*[[{]/.test(text)) {
      try { data = text ? JSON.parse(text) : null; } catch { /* keep the text */ }
    }
    if (res.status === 401) {
      // The server's answer says how to get a token.
      clearToken();
      token = await requestToken(errorMessage(res.status, data, 'The server refused that token'));
      continue;
    }
    if (!res.ok) throw new ApiError(res.status, data, errorMessage(res.status, data, `${method} ${path} failed`));
    return data as T;
  }
}

export const api = {
  scripts: () => request<ScriptsView>('GET', 'api/scripts'),
  check: (scripts: Scripts) => request<CheckResult>('POST', 'api/scripts/check', { scripts } satisfies ProposedSet),
  test: (scripts: Scripts) => request<TestReport>('POST', 'api/scripts/test', { scripts } satisfies ProposedSet),
  sessions: () => request<SessionInfo[]>('GET', 'api/sessions'),
  dryRun: (req: DryRunRequest) => request<DryRunResult>('POST', 'api/scripts/dry-run', req),
  impact: (scripts: Scripts) => request<Impact>('POST', 'api/scripts/impact', { scripts } satisfies ProposedSet),
  save: (scripts: Scripts, message: string, ifMatch: string) =>
    request<Saved>('POST', 'api/scripts/save', { scripts, message } satisfies SaveRequest, { 'If-Match': ifMatch }),
  history: () => request<HistoryEntry[]>('GET', 'api/scripts/history'),
  historyVersion: (version: string) => request<HistoryVersion>('GET', `api/scripts/history/${encodeURIComponent(version)}`),
  rollback: (version: string, message: string, ifMatch: string) =>
    request<Saved>('POST', 'api/scripts/rollback', { version, message } satisfies RollbackRequest, { 'If-Match': ifMatch }),
  rollout: () => request<Rollout>('GET', 'api/rollout'),
};
