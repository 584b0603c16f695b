// Client of the operator's editor API (same origin, relative URLs so the page
// works behind a path prefix). Every call sends the bearer token; a 401 asks
// for a token and retries.
import { clearToken, getToken, requestToken } from './auth';

export type Scripts = Record<string, string>;

export interface ScriptError { script: string | null; line: number | null; column: number | null; message: string }

export interface ScriptsResponse {
  version: string;
  mode: 'playground' | 'cluster';
  role: 'viewer' | 'editor';
  scripts: { name: string; source: string }[];
  status: { loaded: boolean; error: string | null; errors: ScriptError[] };
}

export interface CheckResponse { ok: boolean; version: string | null; errors: ScriptError[] }

export interface TestCase {
  file: string;
  name: string;
  outcome: 'passed' | 'failed' | 'error';
  mismatches: string[];
  diff: string | null;
  error: string | null;
}

export interface TestResponse { ok: boolean; summary: string; cases: TestCase[] }

export interface SessionInfo {
  namespace: string;
  name: string;
  user: string;
  template: string;
  state: string;
  phase: string | null;
  scriptVersion: string | null;
}

export interface ConnectionEvent { event: 'connect' | 'disconnect'; user?: string }

export interface DryRunRequest {
  scripts: Scripts;
  session?: { namespace: string; name: string };
  sessionYaml?: string;
  /** The Template of a posted Session, or, posted alone, a Template to validate. */
  templateYaml?: string;
  /** A connection event to decide autostart for (user: the Session's by default). */
  event?: ConnectionEvent;
  now?: string;
}

/** Another script's decision in a dry-run, or why it failed. */
export type SideDecision = Record<string, unknown> & { error?: string };

export interface DryRunResponse {
  ok: boolean;
  /** The reconcile decision plus `idle`, `autostart` and `template` (a Template alone: only `template`). */
  decision: (Record<string, unknown> & { idle?: SideDecision; autostart?: SideDecision; template?: SideDecision }) | null;
  childrenYaml: string;
  currentChildrenYaml: string;
  diff: string;
  status: Record<string, unknown> | null;
  events: Record<string, unknown>[];
  logs: { level: string; message: string }[];
  error: string | null;
}

export interface ImpactChange { kind: string; field: string; count: number; sampleDiff: string }

/** What one script's decisions would change: reconcile.rhai (sessions), idle.rhai (running sessions), template.rhai (templates). */
export interface ScriptImpact {
  script: string;
  subjects: 'sessions' | 'running sessions' | 'templates';
  total: number;
  changed: number;
  errors: string[];
  changes: ImpactChange[];
}

/** `total`/`changed`: Sessions, and those whose reconcile or idle decision changes. */
export interface ImpactResponse { total: number; changed: number; scripts: ScriptImpact[] }

export interface VersionInfo { version: string; author: string; time: string; message: string }

export interface HistoryEntry extends VersionInfo { current: boolean }

export interface HistoryVersion extends VersionInfo { scripts: Scripts }

export interface RolloutResponse { current: string; total: number; versions: { version: string; sessions: number }[] }

export interface SaveOk { version: string }
export interface Conflict { error: string; current: VersionInfo }
export interface Refused { error: string; errors?: ScriptError[]; tests?: { summary: string; cases: TestCase[] } }

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
  scripts: () => request<ScriptsResponse>('GET', 'api/scripts'),
  check: (scripts: Scripts) => request<CheckResponse>('POST', 'api/scripts/check', { scripts }),
  test: (scripts: Scripts) => request<TestResponse>('POST', 'api/scripts/test', { scripts }),
  sessions: () => request<SessionInfo[]>('GET', 'api/sessions'),
  dryRun: (req: DryRunRequest) => request<DryRunResponse>('POST', 'api/scripts/dry-run', req),
  impact: (scripts: Scripts) => request<ImpactResponse>('POST', 'api/scripts/impact', { scripts }),
  save: (scripts: Scripts, message: string, ifMatch: string) =>
    request<SaveOk>('POST', 'api/scripts/save', { scripts, message }, { 'If-Match': ifMatch }),
  history: () => request<HistoryEntry[]>('GET', 'api/scripts/history'),
  historyVersion: (version: string) => request<HistoryVersion>('GET', `api/scripts/history/${encodeURIComponent(version)}`),
  rollback: (version: string, message: string, ifMatch: string) =>
    request<SaveOk>('POST', 'api/scripts/rollback', { version, message }, { 'If-Match': ifMatch }),
  rollout: () => request<RolloutResponse>('GET', 'api/rollout'),
};
