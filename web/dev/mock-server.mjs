// DEV AID ONLY — not part of the operator and never shipped.
//
// A tiny stand-in for the operator's editor API so the front end can be
// developed and browser-tested without building the Rust binary: it serves
// web/dist/ and answers the JSON API of the editor (and Socket.IO /logs) with
// canned, in-memory data. Its "compile check" only balances brackets.
//
//   node dev/mock-server.mjs            # http://127.0.0.1:8099/
//   PORT=9000 PREFIX=/editor/ node dev/mock-server.mjs   # behind a path prefix
//
// Scripts containing FAIL_TESTS fail the fixtures; IMPACT_FAILS makes the
// impact call fail (500), as an unreachable API server would.
//
// Tokens: "dev" (editor) and "viewer" (viewer); "nobody" is a valid identity
// with no rights, refused as a cluster refuses it. Dev-only helpers, without auth:
//   POST /__mock/external-save   another user saves a new version (for 409s)
//   POST /__mock/reset           back to the initial state
//   POST /__mock/burst?n=1500    sends n log records at once
//   POST /__mock/drop-logs       closes the live-log connections (clients reconnect)
//   GET  /__mock/checked         the scripts of the last check: what the editor holds
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
const scriptsDir = join(here, '..', '..', 'scripts');
const PORT = Number(process.env.PORT ?? 8099);
const HOST = process.env.HOST ?? '127.0.0.1';
const PREFIX = (process.env.PREFIX ?? '/').replace(/\/?$/, '/');
const MODE = process.env.MODE ?? 'playground';
const TOKENS = { dev: 'editor', viewer: 'viewer' };

/** The operator's answer to a valid identity with no rights (NoAccess, src/web/auth/no_access.rs). */
function noAccess(identity) {
  const account = identity.split(':').slice(2).join(':');
  const grant = [
    'kubectl -n streamspace create role streamspace-scripts-editor --verb=get,update --resource=configmaps --resource-name=streamspace-scripts',
    `kubectl -n streamspace create rolebinding streamspace-scripts-editor-${account.split(':').pop()} --role=streamspace-scripts-editor --serviceaccount=${account}`,
  ];
  return { error: `forbidden: ${identity} may not get the scripts ConfigMap streamspace/streamspace-scripts: ...`, identity, grant };
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

// ---- state --------------------------------------------------------------------

function versionOf(scripts) {
  const h = createHash('sha256');
  for (const name of Object.keys(scripts).sort()) {
    h.update(name); h.update('\0'); h.update(scripts[name]); h.update('\0');
  }
  return h.digest('hex').slice(0, 12);
}

function initialScripts() {
  if (existsSync(scriptsDir)) {
    const out = {};
    for (const f of readdirSync(scriptsDir).filter((f) => f.endsWith('.rhai')).sort()) out[f] = readFileSync(join(scriptsDir, f), 'utf8');
    if (Object.keys(out).length) return out;
  }
  return {
    'reconcile.rhai': 'fn reconcile(ctx) {\n    #{ children: [], status: #{ phase: "Pending" } }\n}\n',
    'idle.rhai': 'fn idle(ctx) {\n    #{ action: "none", reason: "active", check_after: "1m" }\n}\n',
    'autostart.rhai': 'fn autostart(ctx, event) {\n    #{ wake: event.event == "connect", reason: event.event }\n}\n',
    'template.rhai': 'fn validate(template) {\n    #{ valid: true, message: "ok" }\n}\n',
  };
}

function fixtureCases() {
  const dir = join(scriptsDir, 'tests');
  const cases = [];
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/^- name: (.*)$/gm)) cases.push({ file: f, name: m[1].trim() });
    }
  }
  return cases.length ? cases : [{ file: 'reconcile.yaml', name: 'a running session is Pending' }];
}

const TEMPLATES = ['firefox', 'chromium', 'vscode', 'libreoffice', 'ubuntu-desktop'];
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj'];
const PHASES = ['Running', 'Running', 'Running', 'Hibernated', 'Pending'];

let state;
function reset() {
  const scripts = initialScripts();
  const v0 = { ...scripts, 'idle.rhai': scripts['idle.rhai'].replace(/30m/g, '20m') };
  const history = [];
  const t = Date.now();
  const push = (s, author, message, ago) => history.unshift({ version: versionOf(s), author, message, time: new Date(t - ago).toISOString(), scripts: s });
  push({ ...v0, 'reconcile.rhai': `// first version\n${v0['reconcile.rhai']}` }, 'system:serviceaccount:streamspace:operator', 'Initial policy', 86400e3 * 3);
  push(v0, 'alice@example.org', 'Shorter idle timeout for the pilot', 86400e3);
  push(scripts, 'bob@example.org', 'Back to 30m idle timeout', 3600e3 * 2);
  const sessions = [];
  for (let i = 0; i < 120; i++) {
    const user = USERS[i % USERS.length];
    const template = TEMPLATES[i % TEMPLATES.length];
    const phase = PHASES[i % PHASES.length];
    sessions.push({
      namespace: 'streamspace', name: `${user}-${template}-${createHash('sha256').update(String(i)).digest('hex').slice(0, 8)}`,
      user, template, state: phase === 'Hibernated' ? 'hibernated' : 'running', phase,
      scriptVersion: i < 83 ? history[0].version : i < 110 ? history[1].version : history[2].version,
    });
  }
  state = { scripts, version: versionOf(scripts), history, sessions, status: { loaded: true, error: null, errors: [] }, checked: {} };
}
reset();

// ---- a pretend compiler: brackets, strings and comments ------------------------

function checkScript(name, src) {
  const errors = [];
  const stack = [];
  let line = 1, col = 1;
  const pairs = { ')': '(', ']': '[', '}': '{' };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    const adv = () => { if (src[i] === '\n') { line++; col = 1; } else col++; };
    if (c === '/' && src[i + 1] === '/') { while (i < src.length && src[i] !== '\n') { i++; col++; } line++; col = 1; continue; }
    if (c === '/' && src[i + 1] === '*') { i++; col++; while (i < src.length && !(src[i] === '*' && src[i + 1] === '/')) { adv(); i++; } i++; col += 2; continue; }
    if (c === '"' || c === '`') {
      const q = c, sl = line, sc = col; adv(); i++;
      while (i < src.length && src[i] !== q) { if (src[i] === '\\' && q === '"') { adv(); i++; } adv(); i++; }
      if (i >= src.length) { errors.push({ script: name, line: sl, column: sc, message: 'Open string is not terminated' }); return errors; }
      adv();
      continue;
    }
    if ('([{'.includes(c)) stack.push({ c, line, col });
    else if (')]}'.includes(c)) {
      const top = stack.pop();
      if (!top || top.c !== pairs[c]) { errors.push({ script: name, line, column: col, message: `Unexpected '${c}'` }); return errors; }
    }
    const m = /^compile_error!/.exec(src.slice(i, i + 14));
    if (m) errors.push({ script: name, line, column: col, message: 'Unknown operator: compile_error!' });
    adv();
  }
  if (stack.length) {
    const top = stack[stack.length - 1];
    errors.push({ script: name, line: top.line, column: top.col, message: `Expecting '${{ '(': ')', '[': ']', '{': '}' }[top.c]}' to close this '${top.c}'` });
  }
  return errors;
}

function check(scripts) {
  const errors = [];
  for (const entry of ['reconcile.rhai', 'idle.rhai', 'autostart.rhai', 'template.rhai']) {
    if (!(entry in scripts)) errors.push({ script: entry, line: null, column: null, message: `the entry script ${entry} is missing` });
  }
  for (const [name, src] of Object.entries(scripts)) errors.push(...checkScript(name, src));
  return errors;
}

function runTests(scripts) {
  const errors = check(scripts);
  const fail = Object.values(scripts).some((s) => s.includes('FAIL_TESTS'));
  const cases = fixtureCases().map((c, i) => {
    if (errors.length) return { ...c, outcome: 'error', mismatches: [], diff: null, error: 'the scripts do not compile' };
    if (fail && i % 7 === 0) {
      return {
        ...c, outcome: 'failed', error: null,
        mismatches: ['status.phase: expected "Running", got "Pending"'],
        diff: '--- expected\n+++ actual\n@@ status @@\n-  phase: Running\n+  phase: Pending\n   url: https://alice-firefox-1a2b3c4d.streamspace.local\n',
      };
    }
    return { ...c, outcome: 'passed', mismatches: [], diff: null, error: null };
  });
  const passed = cases.filter((c) => c.outcome === 'passed').length;
  return { ok: passed === cases.length, summary: `${passed} passed, ${cases.length - passed} failed`, cases };
}

function childrenYaml(s, image, replicas, extraLabel) {
  return `- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: ${s.name}
    labels:
      stream.space/template: ${s.template}${extraLabel ? `\n      ${extraLabel}` : ''}
  spec:
    replicas: ${replicas}
    template:
      spec:
        containers:
          - name: session
            image: ${image}
            ports:
              - containerPort: 3000
- apiVersion: v1
  kind: Service
  metadata:
    name: ${s.name}
  spec:
    ports:
      - name: vnc
        port: 3000
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata:
    name: ${s.name}
  spec:
    ingressClassName: traefik
    rules:
      - host: ${s.name}.streamspace.local
- apiVersion: v1
  kind: PersistentVolumeClaim
  metadata:
    name: home-${s.user}
    annotations:
      stream.space/outlives-session: "true"
  spec:
    accessModes: [ReadWriteMany]
    resources:
      requests:
        storage: 50Gi
`;
}

function unifiedDiff(a, b) {
  const x = a.split('\n'), y = b.split('\n');
  const out = ['--- cluster', '+++ dry-run'];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    out.push(`@@ line ${i + 1} @@`);
    if (x[i] !== undefined) out.push(`-${x[i]}`);
    if (y[i] !== undefined) out.push(`+${y[i]}`);
  }
  return out.length > 2 ? `${out.join('\n')}\n` : '';
}

/** What the mock's template.rhai says of a pasted Template. */
function verdict(templateYaml) {
  const image = /baseImage:\s*(\S*)/.exec(templateYaml)?.[1] ?? '';
  return image && image !== '""'
    ? { valid: true, message: 'Template is valid and ready to use' }
    : { valid: false, message: 'spec.baseImage is required: set it to the container image of the desktop, e.g. lscr.io/linuxserver/firefox:latest' };
}

function dryRun(body) {
  const scripts = body.scripts ?? state.scripts;
  const errors = check(scripts);
  if (!body.session && !body.sessionYaml && body.templateYaml) {
    if (errors.length) return [200, { ok: false, decision: null, childrenYaml: '', currentChildrenYaml: '', diff: '', status: null, events: [], logs: [], error: 'the scripts do not compile' }];
    return [200, { ok: true, decision: { template: verdict(body.templateYaml) }, childrenYaml: '', currentChildrenYaml: '', diff: '', status: null, events: [], logs: [], error: null }];
  }
  let s;
  if (body.session) s = state.sessions.find((x) => x.namespace === body.session.namespace && x.name === body.session.name);
  else if (body.sessionYaml) {
    const name = /name:\s*(\S+)/.exec(body.sessionYaml)?.[1] ?? 'pasted';
    s = { namespace: 'streamspace', name, user: /user:\s*(\S+)/.exec(body.sessionYaml)?.[1] ?? 'someone', template: /template:\s*(\S+)/.exec(body.sessionYaml)?.[1] ?? 'firefox', phase: 'Pending' };
  }
  if (!s) return [404, { error: 'no such session' }];
  if (errors.length) {
    return [200, { ok: false, decision: null, childrenYaml: '', currentChildrenYaml: '', diff: '', status: null, events: [], logs: [], error: `${errors[0].script}:${errors[0].line}:${errors[0].column}: ${errors[0].message}` }];
  }
  const now = body.now ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const edited = versionOf(scripts) !== state.version;
  const image = `lscr.io/linuxserver/${s.template}:${edited ? '1.2.0' : 'latest'}`;
  const hibernated = s.phase === 'Hibernated';
  const proposed = childrenYaml(s, image, hibernated ? 0 : 1, edited ? 'stream.space/policy: edited' : null);
  const current = body.session ? childrenYaml(s, `lscr.io/linuxserver/${s.template}:latest`, hibernated ? 0 : 1, null) : '';
  const status = {
    phase: s.phase ?? 'Pending',
    url: hibernated ? null : `https://${s.name}.streamspace.local`,
    podName: hibernated ? null : `${s.name}-7d9f8c6b5-x2x4q`,
    conditions: [
      { type: 'TemplateResolved', status: 'True', reason: 'TemplateFound', message: `Template ${s.template} found` },
      { type: 'Ready', status: hibernated ? 'False' : 'True', reason: hibernated ? 'Hibernated' : 'DeploymentReady', message: hibernated ? 'Session is hibernated' : `Deployment ${s.name} has a ready pod` },
    ],
  };
  const children = [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: s.name } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: s.name } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: s.name } },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: `home-${s.user}` } },
  ];
  const decision = { children, status, requeue_after: '5m', events: edited ? [{ type: 'Normal', reason: 'PolicyChanged', message: 'Image pinned to 1.2.0' }] : [] };
  if (!hibernated) decision.idle = { action: 'none', reason: 'active', check_after: '20m' };
  if (body.event) {
    const user = body.event.user || s.user;
    decision.autostart = body.event.event === 'connect' && hibernated
      ? { wake: true, reason: `${user} connected to the hibernated session` }
      : { wake: false, reason: `${body.event.event} event from ${user}` };
  }
  decision.template = { valid: true, message: 'Template is valid and ready to use' };
  return [200, {
    ok: true,
    decision,
    childrenYaml: proposed,
    currentChildrenYaml: current,
    diff: unifiedDiff(current, proposed),
    status,
    events: edited ? [{ type: 'Normal', reason: 'PolicyChanged', message: 'Image pinned to 1.2.0' }] : [],
    logs: [{ level: 'debug', message: `reconcile ${s.name} at ${now}` }, { level: 'info', message: `phase ${status.phase}` }],
    error: null,
  }];
}

// The shape of the real API's impact answer: per script, its counts, the
// errors of the edited scripts and one sample diff per kind of change.
function scriptImpact(script, subjects, total, changes = []) {
  return { script, subjects, total, changed: changes.reduce((n, c) => Math.max(n, c.count), 0), errors: [], changes };
}

function impact(scripts) {
  const total = state.sessions.length;
  const running = state.sessions.filter((s) => s.state === 'running').length;
  const errors = check(scripts);
  if (errors.length) return [422, { error: 'the scripts do not compile', errors }];
  if (Object.values(scripts).some((s) => s.includes('IMPACT_FAILS'))) return [500, { error: 'listing the sessions: the API server timed out' }];
  if (versionOf(scripts) === state.version) {
    return [200, { total, changed: 0, scripts: [scriptImpact('reconcile.rhai', 'sessions', total), scriptImpact('idle.rhai', 'running sessions', running), scriptImpact('template.rhai', 'templates', TEMPLATES.length)] }];
  }
  return [200, {
    total, changed: 37,
    scripts: [
      scriptImpact('reconcile.rhai', 'sessions', total, [
        {
          kind: 'Deployment', field: 'spec.template.spec.containers[0].image', count: 37,
          sampleDiff: '--- streamspace/alice-firefox-1a2b3c4d Deployment/alice-firefox-1a2b3c4d (running version)\n+++ streamspace/alice-firefox-1a2b3c4d Deployment/alice-firefox-1a2b3c4d (edited)\n@@ -6,3 +6,3 @@\n         containers:\n           - name: session\n-            image: lscr.io/linuxserver/firefox:latest\n+            image: lscr.io/linuxserver/firefox:1.2.0\n',
        },
        {
          kind: 'Deployment', field: 'metadata.labels["stream.space/policy"]', count: 12,
          sampleDiff: '--- streamspace/bob-vscode-9f8e7d6c Deployment/bob-vscode-9f8e7d6c (running version)\n+++ streamspace/bob-vscode-9f8e7d6c Deployment/bob-vscode-9f8e7d6c (edited)\n@@ -3,2 +3,3 @@\n     labels:\n       stream.space/template: vscode\n+      stream.space/policy: edited\n',
        },
      ]),
      scriptImpact('idle.rhai', 'running sessions', running, [
        {
          kind: 'idle', field: 'action', count: 12,
          sampleDiff: '--- streamspace/carol-chromium-1f2e3d4c idle (running version)\n+++ streamspace/carol-chromium-1f2e3d4c idle (edited)\n@@ -1,3 +1,3 @@\n-action: none\n+action: hibernate\n',
        },
      ]),
      scriptImpact('template.rhai', 'templates', TEMPLATES.length),
    ],
  }];
}

function write(scripts, message, author, ifMatch, role) {
  if (role !== 'editor') return [403, { error: 'forbidden: viewer token' }];
  if (ifMatch !== state.version) {
    const cur = state.history[0];
    return [409, { error: 'the scripts changed since you started', current: { version: cur.version, author: cur.author, time: cur.time, message: cur.message } }];
  }
  const errors = check(scripts);
  if (errors.length) return [422, { error: 'the scripts do not compile', errors, tests: null }];
  const tests = runTests(scripts);
  if (!tests.ok) return [422, { error: 'tests failed', errors: [], tests: { summary: tests.summary, cases: tests.cases } }];
  const version = versionOf(scripts);
  state.scripts = scripts;
  state.version = version;
  state.history.unshift({ version, author, message: message || '', time: new Date().toISOString(), scripts });
  return [200, { version }];
}

// ---- logs -----------------------------------------------------------------------

const LOG_MESSAGES = [
  ['info', 'operator::controller', 'reconciled', 'reconcile.rhai'],
  ['debug', 'operator::script', 'idle check: active, next check in 20m', 'idle.rhai'],
  ['info', 'operator::script', 'hibernating: idle for 31m', 'idle.rhai'],
  ['warn', 'operator::script', 'template firefox has no vnc port, using 5900', 'reconcile.rhai'],
  ['error', 'operator::controller', 'apply failed: Deployment is forbidden: exceeded quota', null],
  ['info', 'operator::loader', 'scripts reloaded', null],
];
const backlog = [];
let seq = 0;
function makeRecord() {
  const [level, target, message, script] = LOG_MESSAGES[seq % LOG_MESSAGES.length];
  const s = state.sessions[(seq * 7) % state.sessions.length];
  seq++;
  const r = { time: new Date().toISOString(), level, target, session: script || level === 'error' ? `${s.namespace}/${s.name}` : null, script, version: script ? state.version : null, message: `${message} (#${seq})` };
  backlog.push(r);
  if (backlog.length > 200) backlog.shift();
  return r;
}
for (let i = 0; i < 40; i++) makeRecord();

// ---- HTTP -------------------------------------------------------------------------

function send(res, status, body, headers = {}) {
  const data = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(data);
}

function readBody(req) {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c) => { data += c; });
    req.on('end', () => { try { resolve(data ? JSON.parse(data) : {}); } catch { resolve(null); } });
  });
}

function serveStatic(res, path) {
  const file = normalize(join(dist, path === '' ? 'index.html' : path));
  if (!file.startsWith(dist) || !existsSync(file)) return send(res, 404, 'not found');
  // The browser suites run the page under the operator's own policy (tests/browser.rs passes it).
  const policy = process.env.CONTENT_SECURITY_POLICY ? { 'Content-Security-Policy': process.env.CONTENT_SECURITY_POLICY } : {};
  res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache', ...policy });
  res.end(readFileSync(file));
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === PREFIX.replace(/\/$/, '') && PREFIX !== '/') { res.writeHead(308, { Location: PREFIX }); return res.end(); }
  if (!url.pathname.startsWith(PREFIX)) return send(res, 404, 'not found');
  const path = url.pathname.slice(PREFIX.length);
  const method = req.method ?? 'GET';

  if (path === '__mock/reset' && method === 'POST') { reset(); return send(res, 200, { version: state.version }); }
  if (path === '__mock/external-save' && method === 'POST') {
    const scripts = { ...state.scripts, 'idle.rhai': `// tuned by carol\n${state.scripts['idle.rhai']}` };
    const [, r] = write(scripts, 'Tune the idle check', 'carol@example.org', state.version, 'editor');
    return send(res, 200, r);
  }
  if (path === '__mock/burst' && method === 'POST') {
    const n = Math.min(Number(url.searchParams.get('n') ?? 1500), 10000);
    for (let i = 0; i < n; i++) io.of('/logs').emit('log', makeRecord());
    return send(res, 200, { sent: n });
  }
  if (path === '__mock/checked' && method === 'GET') return send(res, 200, state.checked);
  if (path === '__mock/drop-logs' && method === 'POST') {
    let n = 0;
    for (const s of io.of('/logs').sockets.values()) { s.conn.close(); n++; }
    return send(res, 200, { dropped: n });
  }
  if (!path.startsWith('api/')) return serveStatic(res, path);

  const auth = req.headers.authorization ?? '';
  const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
  if (token === 'nobody') return send(res, 403, noAccess('system:serviceaccount:team-a:nobody'));
  const role = TOKENS[token];
  if (!role) return send(res, 401, { error: 'a valid bearer token is required' }, { 'WWW-Authenticate': 'Bearer' });
  const body = method === 'POST' ? await readBody(req) : null;
  if (method === 'POST' && body === null) return send(res, 400, { error: 'invalid JSON' });
  const delay = Number(process.env.DELAY_MS ?? 120);
  await new Promise((r) => setTimeout(r, delay));

  const route = `${method} ${path}`;
  switch (route) {
    case 'GET api/scripts':
      return send(res, 200, { version: state.version, mode: MODE, role, scripts: Object.entries(state.scripts).map(([name, source]) => ({ name, source })), status: state.status });
    case 'POST api/scripts/check': {
      state.checked = body.scripts ?? {};
      const errors = check(body.scripts ?? {});
      return send(res, 200, { ok: !errors.length, version: errors.length ? null : versionOf(body.scripts ?? {}), errors });
    }
    case 'POST api/scripts/test':
      return send(res, 200, runTests(body.scripts ?? {}));
    case 'GET api/sessions':
      return send(res, 200, state.sessions);
    case 'POST api/scripts/dry-run': {
      const [status, r] = dryRun(body);
      return send(res, status, r);
    }
    case 'POST api/scripts/impact': {
      const [status, r] = impact(body.scripts ?? {});
      return send(res, status, r);
    }
    case 'POST api/scripts/save': {
      const [status, r] = write(body.scripts ?? {}, body.message, token === 'dev' ? 'dev (mock)' : token, req.headers['if-match'], role);
      return send(res, status, r);
    }
    case 'GET api/scripts/history':
      return send(res, 200, state.history.slice(0, 20).map(({ scripts, ...h }) => ({ ...h, current: h.version === state.version })));
    case 'POST api/scripts/rollback': {
      const v = state.history.find((h) => h.version === body.version);
      if (!v) return send(res, 404, { error: `no version ${body.version}` });
      const [status, r] = write(v.scripts, body.message ?? `Roll back to ${v.version}`, 'dev (mock)', req.headers['if-match'], role);
      return send(res, status, r);
    }
    case 'GET api/rollout': {
      const counts = new Map();
      for (const s of state.sessions) counts.set(s.scriptVersion, (counts.get(s.scriptVersion) ?? 0) + 1);
      // each poll moves a few sessions to the current version
      let moved = 0;
      for (const s of state.sessions) if (s.scriptVersion !== state.version && moved < 9) { s.scriptVersion = state.version; moved++; }
      return send(res, 200, { current: state.version, total: state.sessions.length, versions: [...counts].map(([version, sessions]) => ({ version, sessions })) });
    }
    default: {
      const m = /^GET api\/scripts\/history\/([^/]+)$/.exec(route);
      if (m) {
        const v = state.history.find((h) => h.version === decodeURIComponent(m[1]));
        return v ? send(res, 200, { version: v.version, author: v.author, time: v.time, message: v.message, scripts: v.scripts }) : send(res, 404, { error: 'no such version' });
      }
      return send(res, 404, { error: `no route ${route}` });
    }
  }
});

const io = new Server(server, { path: `${PREFIX}socket.io/`, serveClient: false });
io.of('/logs').use((socket, next) => {
  if (TOKENS[socket.handshake.auth?.token]) return next();
  next(new Error('unauthorized: a valid token is required'));
}).on('connection', (socket) => {
  socket.emit('backlog', backlog.slice(-50));
});
setInterval(() => io.of('/logs').emit('log', makeRecord()), Number(process.env.LOG_EVERY_MS ?? 900));

server.listen(PORT, HOST, () => console.log(`mock editor API on http://${HOST}:${PORT}${PREFIX} (tokens: dev, viewer)`));
