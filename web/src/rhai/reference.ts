// Everything the editor knows about the script contract: the `ctx` map, the
// decision maps of each entry script, enum values and the host's helper
// functions. This is the one place to keep in sync with the README's
// "The script contract (v1)" and "Helper functions" sections; completions,
// hovers and signature help are all derived from it.

export type FieldType = 'map' | 'string' | 'int' | 'bool' | 'array' | 'any' | 'unit';

export interface Field {
  name: string;
  type: FieldType;
  doc: string;
  /** Known keys of a map. */
  fields?: Field[];
  /** The shape of each item of an array. */
  items?: Field;
  /** Allowed string values. */
  values?: string[];
  example?: string;
}

export interface Param {
  name: string;
  type: string;
  doc: string;
}

export interface Helper {
  name: string;
  params: Param[];
  returns: string;
  doc: string;
  example: string;
}

// ---- enum values --------------------------------------------------------------

export const PHASES = ['Pending', 'Running', 'Hibernated', 'Failed', 'Terminated'];
export const ACTIONS = ['none', 'hibernate', 'terminate'];
export const STATES = ['running', 'hibernated', 'terminated'];
export const CONDITION_STATUSES = ['True', 'False', 'Unknown'];
export const EVENT_TYPES = ['Normal', 'Warning'];
export const CONNECTION_EVENTS = ['connect', 'disconnect'];
export const CHILD_KINDS = ['Deployment', 'Service', 'PersistentVolumeClaim', 'Ingress'];
export const DURATION_EXAMPLES = ['30s', '1m', '5m', '30m', '1h', '8h', '1h30m'];

/** Enum values offered inside a string literal, by the key or field it belongs to. */
export const VALUES_BY_KEY: Record<string, string[]> = {
  phase: PHASES,
  action: ACTIONS,
  state: STATES,
  status: CONDITION_STATUSES,
  type: EVENT_TYPES,
  event: CONNECTION_EVENTS,
  kind: CHILD_KINDS,
  requeue_after: DURATION_EXAMPLES,
  check_after: DURATION_EXAMPLES,
  idleTimeout: DURATION_EXAMPLES,
  maxSessionDuration: DURATION_EXAMPLES,
  reason: ['idle', 'max-duration', 'active', 'connect', 'disconnect'],
};

// ---- ctx ----------------------------------------------------------------------

const str = (name: string, doc: string, extra: Partial<Field> = {}): Field => ({ name, type: 'string', doc, ...extra });
const map = (name: string, doc: string, fields?: Field[]): Field => ({ name, type: 'map', doc, fields });

const RESOURCES_FIELDS: Field[] = [
  str('memory', 'Memory, used as both request and limit (flat shape), e.g. `"2Gi"`.'),
  str('cpu', 'CPU, used as both request and limit (flat shape), e.g. `"1000m"`.'),
  map('requests', 'Minimum resources by name (Kubernetes shape), e.g. `#{memory: "1Gi", cpu: "500m"}`.'),
  map('limits', 'Maximum resources by name (Kubernetes shape), e.g. `#{memory: "2Gi", cpu: "1"}`.'),
];

const CONDITION: Field = map('condition', 'A status condition.', [
  str('type', 'Condition type in CamelCase, e.g. `"Ready"` or `"TemplateResolved"`.'),
  str('status', '`"True"`, `"False"` or `"Unknown"`.', { values: CONDITION_STATUSES }),
  str('reason', 'Programmatic reason in CamelCase, e.g. `"DeploymentReady"`.'),
  str('message', 'Human readable details.'),
  str('lastTransitionTime', 'When the condition last changed (RFC 3339).'),
]);

function metadata(kind: string): Field {
  return map('metadata', `The ${kind}'s object metadata.`, [
    str('name', `Name of the ${kind}.`),
    str('namespace', `Namespace of the ${kind}.`),
    str('uid', 'Unique id assigned by the API server.'),
    str('creationTimestamp', 'When the object was created (RFC 3339).'),
    map('labels', 'Labels (string to string).'),
    map('annotations', 'Annotations (string to string).'),
    { name: 'generation', type: 'int', doc: 'Generation of the spec.' },
  ]);
}

export const SESSION: Field = map('session', 'The Session being reconciled, with the defaults of its spec filled in.', [
  str('apiVersion', '`"stream.space/v1alpha1"`.'),
  str('kind', '`"Session"`.'),
  metadata('Session'),
  map('spec', 'Desired state of the session.', [
    str('user', 'Name of the user who owns the session (a DNS label).'),
    str('template', 'Name of the Template (in the session\'s namespace) to run.'),
    str('state', 'Desired state: `"running"` (default), `"hibernated"` or `"terminated"`.', { values: STATES }),
    map('resources', 'Compute resources: flat `#{memory, cpu}` or `#{requests, limits}`; may be absent. See `normalize_resources`.', RESOURCES_FIELDS),
    { name: 'persistentHome', type: 'bool', doc: 'Whether the user\'s home volume is mounted at `/config`. Default `true`.' },
    str('idleTimeout', 'How long the session may be idle before it is hibernated. Default `"30m"`.', { example: '30m' }),
    str('maxSessionDuration', 'How long the session may exist, however active. Default `"8h"`.', { example: '8h' }),
    { name: 'tags', type: 'array', doc: 'Free-form tags; each becomes the pod label `tag.stream.space/<tag>: "true"`.', items: str('tag', 'A tag.') },
  ]),
  map('status', 'Observed state of the session (always a map, possibly empty).', [
    str('phase', '`Pending`, `Running`, `Hibernated`, `Failed` or `Terminated`.', { values: PHASES }),
    str('url', 'URL at which the user reaches the session.'),
    str('podName', 'Name of the pod running the session.'),
    str('lastActivity', 'Time of the last user activity (RFC 3339); the idle timeout counts from here.'),
    { name: 'conditions', type: 'array', doc: 'Status conditions, e.g. `Ready` and `TemplateResolved`.', items: CONDITION },
    str('scriptVersion', 'Version of the policy scripts that last reconciled the session.'),
    { name: 'observedGeneration', type: 'int', doc: 'The `metadata.generation` that was last reconciled.' },
  ]),
]);

export const TEMPLATE: Field = map('template', 'The Session\'s Template, or `()` when it does not exist.', [
  str('apiVersion', '`"stream.space/v1alpha1"`.'),
  str('kind', '`"Template"`.'),
  metadata('Template'),
  map('spec', 'The application: image, ports, environment and how its desktop is streamed.', [
    str('displayName', 'Human-readable name, e.g. `"Firefox"`.'),
    str('baseImage', 'Container image, e.g. `"lscr.io/linuxserver/firefox:latest"`.'),
    str('description', 'Longer description.'),
    str('category', 'Catalogue category, e.g. `"Browsers"`.'),
    str('icon', 'URL of the icon.'),
    map('defaultResources', 'Resources of sessions that set none (flat or Kubernetes shape).', RESOURCES_FIELDS),
    { name: 'ports', type: 'array', doc: 'Extra container ports.', items: map('port', 'A container port.', [
      str('name', 'Port name.'), { name: 'containerPort', type: 'int', doc: 'Port number.' }, str('protocol', '`TCP`, `UDP` or `SCTP`.'),
    ]) },
    { name: 'env', type: 'array', doc: 'Environment variables of the container.', items: map('env', 'An environment variable.', [
      str('name', 'Variable name.'), str('value', 'Variable value.'), map('valueFrom', 'Source of the value.'),
    ]) },
    { name: 'volumeMounts', type: 'array', doc: 'Volume mounts of the container.', items: map('volumeMount', 'A volume mount.', [
      str('name', 'Volume name.'), str('mountPath', 'Path in the container.'), { name: 'readOnly', type: 'bool', doc: 'Read-only mount.' }, str('subPath', 'Path within the volume.'),
    ]) },
    map('vnc', 'How the desktop is streamed.', [
      { name: 'enabled', type: 'bool', doc: 'Whether the image serves a VNC desktop. Default `true`.' },
      { name: 'port', type: 'int', doc: 'VNC port (1024-65535); the default policy uses 5900 when absent.' },
      str('protocol', '`rfb` or `websocket`.', { values: ['rfb', 'websocket'] }),
      { name: 'encryption', type: 'bool', doc: 'Whether the VNC connection is encrypted.' },
    ]),
    map('kasmvnc', 'Legacy KasmVNC settings, honoured when `vnc` is absent.', [
      { name: 'enabled', type: 'bool', doc: 'Whether KasmVNC is enabled.' },
      { name: 'port', type: 'int', doc: 'KasmVNC port, e.g. `3000`.' },
    ]),
    { name: 'capabilities', type: 'array', doc: '`Network`, `Audio`, `Clipboard`, `USB`, `Printing`.', items: str('capability', 'A capability.') },
    { name: 'tags', type: 'array', doc: 'Catalogue tags.', items: str('tag', 'A tag.') },
  ]),
  map('status', 'Observed state of the template.', [
    { name: 'valid', type: 'bool', doc: 'Whether the template passed validation.' },
    str('message', 'Outcome of validation.'),
    { name: 'conditions', type: 'array', doc: 'Status conditions, e.g. `Valid`.', items: CONDITION },
  ]),
]);

function childList(kind: string, apiVersion: string): Field {
  return {
    name: kind,
    type: 'array',
    doc: `Observed ${kind}s owned by the session (\`${apiVersion}\`); empty when none.`,
    items: map(kind.toLowerCase(), `An observed ${kind}.`, [
      str('apiVersion', `\`"${apiVersion}"\`.`),
      str('kind', `\`"${kind}"\`.`),
      metadata(kind),
      map('spec', `The ${kind}'s spec.`),
      map('status', `The ${kind}'s status${kind === 'Deployment' ? ', e.g. `readyReplicas`' : ''}.`,
        kind === 'Deployment'
          ? [{ name: 'readyReplicas', type: 'int', doc: 'Pods ready.' }, { name: 'replicas', type: 'int', doc: 'Pods wanted.' }, { name: 'availableReplicas', type: 'int', doc: 'Pods available.' }]
          : undefined),
    ]),
  };
}

export const CONFIG: Field = map('config', 'Operator settings.', [
  str('ingressDomain', 'Domain of session host names, e.g. `"streamspace.local"`.'),
  str('ingressClass', 'Ingress class, e.g. `"traefik"`.'),
  str('storageClass', 'Storage class of home volumes (`""`: the cluster default).'),
  str('homeSize', 'Size of home volumes, e.g. `"50Gi"`.'),
  str('homeAccessMode', 'Access mode of home volumes, e.g. `"ReadWriteMany"`.'),
  str('defaultMemory', 'Memory when neither session nor template sets any, e.g. `"2Gi"`.'),
  str('defaultCpu', 'CPU when neither session nor template sets any, e.g. `"1000m"`.'),
  { name: 'vncPort', type: 'int', doc: 'Default VNC port, e.g. `5900`.' },
]);

export const CTX: Field = map('ctx', 'The evaluation context the host passes to `reconcile`, `idle` and `autostart`.', [
  SESSION,
  TEMPLATE,
  map('children', 'Observed owned objects by kind; always has the four kinds, each a list.', [
    childList('Deployment', 'apps/v1'),
    childList('Service', 'v1'),
    childList('PersistentVolumeClaim', 'v1'),
    childList('Ingress', 'networking.k8s.io/v1'),
  ]),
  str('now', 'The evaluation clock, RFC 3339 (the same as `now()`), e.g. `"2026-01-01T12:00:00Z"`.'),
  CONFIG,
]);

export const EVENT: Field = map('event', 'The connection event passed to `autostart(ctx, event)`.', [
  str('event', '`"connect"` or `"disconnect"`.', { values: CONNECTION_EVENTS }),
  str('user', 'The user who connected or disconnected.'),
]);

/** Variables that mean a known map wherever they appear (parameters of the entry points). */
export const ROOTS: Record<string, Field> = { ctx: CTX, event: EVENT, session: SESSION, template: TEMPLATE };

// ---- decisions ----------------------------------------------------------------

const EVENT_RECORD: Field = map('event', 'A Kubernetes Event to record on the Session.', [
  str('type', '`"Normal"` or `"Warning"`.', { values: EVENT_TYPES }),
  str('reason', 'Reason in CamelCase, e.g. `"Hibernating"`.'),
  str('message', 'Human readable message.'),
]);

const CHILD: Field = map('child', 'An object the Session should own. The host sets namespace, owner reference and labels.', [
  str('apiVersion', '`apps/v1` (Deployment), `v1` (Service, PersistentVolumeClaim), `networking.k8s.io/v1` (Ingress).', { values: ['apps/v1', 'v1', 'networking.k8s.io/v1'] }),
  str('kind', 'One of `Deployment`, `Service`, `PersistentVolumeClaim`, `Ingress`.', { values: CHILD_KINDS }),
  map('metadata', 'At least `name`; annotate `stream.space/outlives-session: "true"` to keep the object after the Session.', [
    str('name', 'Name of the child.'), map('labels', 'Extra labels.'), map('annotations', 'Annotations.'),
  ]),
  map('spec', 'The object\'s spec.'),
]);

export interface Decision {
  script: string;
  entry: string;
  signature: string;
  doc: string;
  fields: Field[];
}

export const DECISIONS: Decision[] = [
  {
    script: 'reconcile.rhai', entry: 'reconcile', signature: 'fn reconcile(ctx)',
    doc: 'Called on every Session reconcile. Returns what the Session should own and its status.',
    fields: [
      { name: 'children', type: 'array', doc: 'The complete list of objects the Session should own; owned children not listed are deleted.', items: CHILD },
      map('status', 'The Session\'s status.', [
        str('phase', '`Pending`, `Running`, `Hibernated`, `Failed` or `Terminated`.', { values: PHASES }),
        str('url', 'Where the user reaches the session, or `()` for none.'),
        str('podName', 'Name of the pod running the session.'),
        { name: 'conditions', type: 'array', doc: 'Conditions `#{ type, status: "True" | "False" | "Unknown", reason, message }`.', items: { ...CONDITION, fields: CONDITION.fields!.filter((f) => f.name !== 'lastTransitionTime') } },
      ]),
      str('requeue_after', 'Optional: a duration after which to reconcile again, e.g. `"5m"`.', { values: DURATION_EXAMPLES }),
      { name: 'events', type: 'array', doc: 'Optional: Events `#{ type: "Normal" | "Warning", reason, message }`.', items: EVENT_RECORD },
    ],
  },
  {
    script: 'idle.rhai', entry: 'idle', signature: 'fn idle(ctx)',
    doc: 'Called for running Sessions when their last `check_after` is due.',
    fields: [
      str('action', '`"none"`, `"hibernate"` or `"terminate"`.', { values: ACTIONS }),
      str('reason', 'Why, e.g. `"idle"` or `"max-duration"`.'),
      str('check_after', 'When to ask again, a duration such as `"1m"`.', { values: DURATION_EXAMPLES }),
    ],
  },
  {
    script: 'autostart.rhai', entry: 'autostart', signature: 'fn autostart(ctx, event)',
    doc: 'Called on connection events (`event = #{ event: "connect" | "disconnect", user }`).',
    fields: [
      { name: 'wake', type: 'bool', doc: 'Whether to wake (set `spec.state` to `running`) the hibernated session.' },
      str('reason', 'Why, e.g. `"connect"`.'),
    ],
  },
  {
    script: 'template.rhai', entry: 'validate', signature: 'fn validate(template)',
    doc: 'Called on every Template reconcile.',
    fields: [
      { name: 'valid', type: 'bool', doc: 'Whether the Template is valid.' },
      str('message', 'The message for the Template\'s status.'),
    ],
  },
];

export const ENTRY_SCRIPTS = DECISIONS.map((d) => d.script);

// ---- helpers ------------------------------------------------------------------

export const HELPERS: Helper[] = [
  {
    name: 'parse_duration', params: [{ name: 's', type: 'string', doc: 'A duration such as `"30m"` or `"1h30m"` (units `s`, `m`, `h`).' }],
    returns: 'int', doc: 'Seconds of a duration string; an error on a malformed duration.',
    example: 'parse_duration("30m") == 1800',
  },
  {
    name: 'format_duration', params: [{ name: 'secs', type: 'int', doc: 'A number of seconds.' }],
    returns: 'string', doc: 'The shortest duration string for a number of seconds.',
    example: 'format_duration(5400) == "1h30m"',
  },
  {
    name: 'now', params: [], returns: 'string',
    doc: 'The evaluation clock as RFC 3339 (the same as `ctx.now`).',
    example: 'now() == "2026-01-01T12:00:00Z"',
  },
  {
    name: 'parse_time', params: [{ name: 's', type: 'string', doc: 'An RFC 3339 time.' }],
    returns: 'int', doc: 'Unix seconds of an RFC 3339 time; an error when malformed.',
    example: 'parse_time("1970-01-01T00:01:00Z") == 60',
  },
  {
    name: 'format_time', params: [{ name: 'secs', type: 'int', doc: 'Unix seconds.' }],
    returns: 'string', doc: 'RFC 3339 of Unix seconds.',
    example: 'format_time(60) == "1970-01-01T00:01:00Z"',
  },
  {
    name: 'seconds_between', params: [{ name: 'a', type: 'string', doc: 'The start time (RFC 3339).' }, { name: 'b', type: 'string', doc: 'The end time (RFC 3339).' }],
    returns: 'int', doc: 'Seconds from time `a` to time `b` (negative when `b` is earlier).',
    example: 'seconds_between("2026-01-01T00:00:00Z", "2026-01-01T00:30:00Z") == 1800',
  },
  {
    name: 'seconds_since', params: [{ name: 't', type: 'string', doc: 'A time (RFC 3339).' }],
    returns: 'int', doc: 'Seconds from time `t` to `now()`.',
    example: 'seconds_since(ctx.session.status.lastActivity)',
  },
  {
    name: 'log_info', params: [{ name: 'msg', type: 'string', doc: 'The message.' }],
    returns: '()', doc: 'Writes to the operator\'s log at level info, attributed to the session and script (shown in Live logs).',
    example: 'log_info("scaling to 0")',
  },
  {
    name: 'log_warn', params: [{ name: 'msg', type: 'string', doc: 'The message.' }],
    returns: '()', doc: 'Writes to the operator\'s log at level warn, attributed to the session and script.',
    example: 'log_warn(`no template for ${ctx.session.metadata.name}`)',
  },
  {
    name: 'log_debug', params: [{ name: 'msg', type: 'string', doc: 'The message.' }],
    returns: '()', doc: 'Writes to the operator\'s log at level debug, attributed to the session and script.',
    example: 'log_debug("idle check")',
  },
  {
    name: 'dns_label', params: [{ name: 's', type: 'string', doc: 'Any string.' }],
    returns: 'string',
    doc: 'A DNS-1035 label: lower case, `a-z0-9-`, starts with a letter, at most 63 characters; too long names keep a hash suffix so they stay unique.',
    example: 'dns_label("Home_Alice") == "home-alice"',
  },
  {
    name: 'child_name', params: [{ name: 'base', type: 'string', doc: 'The base name, usually the session\'s.' }, { name: 'suffix', type: 'string', doc: 'The suffix, e.g. `"home"`.' }],
    returns: 'string', doc: '`base-suffix` as a DNS label, shortened with a hash when too long.',
    example: 'child_name("alice-firefox-1a2b3c4d", "home")',
  },
  {
    name: 'label_value', params: [{ name: 's', type: 'string', doc: 'A user, template, session or tag name.' }],
    returns: 'string', doc: '`s` when it is a valid label value (at most 63 of `A-Za-z0-9-_.`, alphanumeric at both ends), else `dns_label(s)`.',
    example: 'label_value("alice@example.com") == "alice-example-com"',
  },
  {
    name: 'short_hash', params: [{ name: 's', type: 'string', doc: 'Any string.' }],
    returns: 'string', doc: '8 hex characters of the SHA-256 of `s`.',
    example: 'short_hash("alice")',
  },
  {
    name: 'normalize_resources', params: [{ name: 'r', type: 'map | ()', doc: 'Flat `#{memory, cpu}`, Kubernetes `#{requests, limits}`, or `()`.' }],
    returns: 'map',
    doc: '`#{ requests: #{..}, limits: #{..} }` from either resource shape (flat `#{memory, cpu}` sets both requests and limits); `#{}` for `()`.',
    example: 'normalize_resources(#{memory: "2Gi"})',
  },
];

export const HELPER_NAMES = HELPERS.map((h) => h.name);

export function helperSignature(h: Helper): string {
  return `${h.name}(${h.params.map((p) => `${p.name}: ${p.type}`).join(', ')}) -> ${h.returns}`;
}

export function helperMarkdown(h: Helper): string {
  const params = h.params.map((p) => `- \`${p.name}\`: ${p.doc}`).join('\n');
  return `${h.doc}${params ? `\n\n${params}` : ''}\n\nReturns \`${h.returns}\`.\n\n\`\`\`rhai\n${h.example}\n\`\`\``;
}

// ---- the language -------------------------------------------------------------

export const KEYWORDS = [
  'fn', 'let', 'const', 'if', 'else', 'switch', 'while', 'loop', 'for', 'in', 'do', 'until', 'break', 'continue',
  'return', 'throw', 'try', 'catch', 'import', 'export', 'as', 'private', 'this', 'true', 'false',
];

export const CONTROL_KEYWORDS = ['if', 'else', 'switch', 'while', 'loop', 'for', 'in', 'do', 'until', 'break', 'continue', 'return', 'throw', 'try', 'catch'];

/** Functions built into Rhai itself. */
export const BUILTINS: { name: string; doc: string; insert: string }[] = [
  { name: 'type_of', doc: 'The type name of a value, e.g. `type_of(42) == "i64"`.', insert: 'type_of(${1:value})' },
  { name: 'print', doc: 'Prints a value (to the operator\'s debug output).', insert: 'print(${1:value})' },
  { name: 'debug', doc: 'Prints the debug form of a value.', insert: 'debug(${1:value})' },
  { name: 'is_def_fn', doc: 'Whether a function with the name and number of parameters exists.', insert: 'is_def_fn("${1:name}", ${2:0})' },
  { name: 'is_def_var', doc: 'Whether a variable is defined.', insert: 'is_def_var("${1:name}")' },
  { name: 'Fn', doc: 'A function pointer from a function name.', insert: 'Fn("${1:name}")' },
  { name: 'range', doc: 'An iterator over a range of numbers.', insert: 'range(${1:from}, ${2:to})' },
];

export interface Method { name: string; doc: string; insert?: string }

const m = (name: string, doc: string, insert?: string): Method => ({ name, doc, insert });

export const METHODS: Record<'string' | 'array' | 'map' | 'int' | 'any', Method[]> = {
  string: [
    m('len', 'Number of characters.', 'len()'), m('is_empty', 'Whether the string is empty.', 'is_empty()'),
    m('contains', 'Whether it contains a substring or character.', 'contains(${1:s})'),
    m('starts_with', 'Whether it starts with a prefix.', 'starts_with(${1:prefix})'),
    m('ends_with', 'Whether it ends with a suffix.', 'ends_with(${1:suffix})'),
    m('index_of', 'Position of a substring, or -1.', 'index_of(${1:s})'),
    m('sub_string', 'A part of the string.', 'sub_string(${1:start}, ${2:len})'),
    m('split', 'Splits at a separator into an array.', 'split(${1:sep})'),
    m('replace', 'Replaces every match in place.', 'replace(${1:find}, ${2:with})'),
    m('trim', 'Removes surrounding whitespace in place.', 'trim()'),
    m('to_upper', 'Upper-case copy.', 'to_upper()'), m('to_lower', 'Lower-case copy.', 'to_lower()'),
    m('chars', 'Iterator over the characters.', 'chars()'),
    m('parse_int', 'Parses an integer (`parse_int(s)`).'),
    m('to_string', 'String form.', 'to_string()'),
  ],
  array: [
    m('len', 'Number of items.', 'len()'), m('is_empty', 'Whether the array is empty.', 'is_empty()'),
    m('push', 'Appends an item.', 'push(${1:item})'), m('pop', 'Removes and returns the last item.', 'pop()'),
    m('contains', 'Whether an item is in the array.', 'contains(${1:item})'),
    m('filter', 'Items for which the closure returns true.', 'filter(|${1:x}| ${2:true})'),
    m('map', 'The closure applied to each item.', 'map(|${1:x}| ${2:x})'),
    m('find', 'The first item for which the closure returns true, or `()`.', 'find(|${1:x}| ${2:true})'),
    m('some', 'Whether the closure returns true for any item.', 'some(|${1:x}| ${2:true})'),
    m('all', 'Whether the closure returns true for every item.', 'all(|${1:x}| ${2:true})'),
    m('reduce', 'Folds the items with a closure.', 'reduce(|${1:acc}, ${2:x}| ${3:acc + x}, ${4:0})'),
    m('index_of', 'Position of an item, or -1.', 'index_of(${1:item})'),
    m('sort', 'Sorts in place.', 'sort()'), m('reverse', 'Reverses in place.', 'reverse()'),
    m('append', 'Appends another array.', 'append(${1:other})'),
    m('extract', 'A slice of the array.', 'extract(${1:start}, ${2:len})'),
  ],
  map: [
    m('len', 'Number of entries.', 'len()'), m('is_empty', 'Whether the map is empty.', 'is_empty()'),
    m('keys', 'The keys as an array.', 'keys()'), m('values', 'The values as an array.', 'values()'),
    m('contains', 'Whether a key exists.', 'contains(${1:"key"})'),
    m('get', 'The value of a key, or `()`.', 'get(${1:"key"})'),
    m('remove', 'Removes a key and returns its value.', 'remove(${1:"key"})'),
    m('mixin', 'Adds the entries of another map.', 'mixin(${1:other})'),
    m('to_json', 'JSON text of the map.', 'to_json()'),
  ],
  int: [m('to_string', 'String form.', 'to_string()'), m('abs', 'Absolute value.', 'abs()'), m('to_float', 'As a float.', 'to_float()')],
  any: [m('to_string', 'String form.', 'to_string()'), m('is_empty', 'Whether it is empty.', 'is_empty()'), m('len', 'Length.', 'len()'), m('contains', 'Whether it contains an item.', 'contains(${1:x})')],
};
