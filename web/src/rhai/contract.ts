// Generated from the script contract (src/script/contract/) by `make contract`: do not edit.
// `cargo test --test contract` fails when this file is out of date.

/**
 * A kind of object a Session may own.
 */
export type ChildKind = {
/**
 * Its kind, e.g. `Deployment`.
 */
kind: string,
/**
 * Its API version, e.g. `apps/v1`.
 */
apiVersion: string, };

/**
 * Everything a script is written against.
 */
export type Contract = {
/**
 * The entry points, in the order they are documented.
 */
entries: Array<EntryPoint>,
/**
 * The parameters of the entry points, by name: `ctx`, `event`,
 * `template`; an entry point may describe a parameter itself instead
 * (its `ownInputs`).
 */
inputs: Array<Field>,
/**
 * The helper functions, by name.
 */
helpers: Array<Helper>,
/**
 * The values of the enums scripts read and return.
 */
enums: Enums,
/**
 * The kinds of object a reconcile may return, which `ctx.children`
 * holds.
 */
childKinds: Array<ChildKind>, };

/**
 * A script the operator calls, and what it returns.
 */
export type EntryPoint = {
/**
 * The script file, e.g. `reconcile.rhai`.
 */
script: string,
/**
 * The function the script must define.
 */
function: string,
/**
 * Its parameters, each described by its own input of that name, else
 * by the contract's.
 */
params: Array<string>,
/**
 * The parameters it describes itself, in place of the contract's
 * input of the same name: `admit`'s `ctx`.
 */
ownInputs?: Array<Field>,
/**
 * When the operator calls it.
 */
called: string,
/**
 * The map it returns.
 */
decision: Field, };

/**
 * The values of the enums scripts use.
 */
export type Enums = {
/**
 * `status.phase` of a Session.
 */
phases: Array<string>,
/**
 * `spec.state` of a Session.
 */
states: Array<string>,
/**
 * `action` of an idle decision.
 */
idleActions: Array<string>,
/**
 * `status` of a condition.
 */
conditionStatuses: Array<string>,
/**
 * `type` of an Event.
 */
eventTypes: Array<string>,
/**
 * `event` of a connection event.
 */
connectionEvents: Array<string>,
/**
 * `operation` of an admission.
 */
operations: Array<string>, };

/**
 * A value scripts read or return: a key of a map, or the items of an array.
 */
export type Field = {
/**
 * Its key; the items of an array have the array's key.
 */
name: string,
/**
 * What kind of value it is.
 */
type: FieldType,
/**
 * What it holds (Markdown).
 */
doc: string,
/**
 * The known keys of a map.
 */
fields?: Array<Field>,
/**
 * The items of an array.
 */
items?: Field,
/**
 * The values a string may take, when they are fixed.
 */
values?: Array<string>, };

/**
 * What kind of value a [`Field`] is, as a script sees it.
 */
export type FieldType = "map" | "array" | "string" | "int" | "float" | "bool" | "any";

/**
 * A helper function scripts may call.
 */
export type Helper = {
/**
 * Its name.
 */
name: string,
/**
 * Its parameters, in order.
 */
params: Array<Param>,
/**
 * The type of what it returns: `string`, `int`, `map`, `()`...
 */
returns: string,
/**
 * What it returns (Markdown).
 */
doc: string,
/**
 * When it fails, for the helpers that can.
 */
errors?: string,
/**
 * A call, usually a comparison that holds at the clock
 * `2026-01-01T12:00:00Z`.
 */
example: string, };

/**
 * A parameter of a helper.
 */
export type Param = {
/**
 * Its name.
 */
name: string,
/**
 * The type of value it takes: `string`, `int`, `any`...
 */
type: string,
/**
 * What to pass (Markdown).
 */
doc: string, };

/** The script contract (v1). */
export const CONTRACT: Contract = {
  "entries": [
    {
      "script": "reconcile.rhai",
      "function": "reconcile",
      "params": [
        "ctx"
      ],
      "called": "every Session reconcile",
      "decision": {
        "name": "decision",
        "type": "map",
        "doc": "What `reconcile` returns: what the Session should own and its status.",
        "fields": [
          {
            "name": "children",
            "type": "array",
            "doc": "The complete list of objects the Session should own; owned children\nthat are not listed are deleted.",
            "items": {
              "name": "children",
              "type": "map",
              "doc": "One object a Session should own, as the script built it.",
              "fields": [
                {
                  "name": "apiVersion",
                  "type": "string",
                  "doc": "The API version of its kind.",
                  "values": [
                    "apps/v1",
                    "networking.k8s.io/v1",
                    "v1"
                  ]
                },
                {
                  "name": "kind",
                  "type": "string",
                  "doc": "One of the child kinds.",
                  "values": [
                    "Deployment",
                    "Service",
                    "PersistentVolumeClaim",
                    "Ingress"
                  ]
                },
                {
                  "name": "metadata",
                  "type": "map",
                  "doc": "At least `name`; annotate `stream.space/outlives-session: \"true\"` to keep the object after the Session; allowed on: PersistentVolumeClaim.",
                  "fields": [
                    {
                      "name": "name",
                      "type": "string",
                      "doc": "Its name, unique per kind among the Session's children."
                    },
                    {
                      "name": "namespace",
                      "type": "string",
                      "doc": "Leave it out: children live in the Session's namespace."
                    }
                  ]
                }
              ]
            }
          },
          {
            "name": "events",
            "type": "array",
            "doc": "Optional: Events to record on the Session.",
            "items": {
              "name": "events",
              "type": "map",
              "doc": "An Event a script asks to record.",
              "fields": [
                {
                  "name": "message",
                  "type": "string",
                  "doc": "Human-readable message."
                },
                {
                  "name": "reason",
                  "type": "string",
                  "doc": "CamelCase reason."
                },
                {
                  "name": "type",
                  "type": "string",
                  "doc": "`Normal` or `Warning`.",
                  "values": [
                    "Normal",
                    "Warning"
                  ]
                }
              ]
            }
          },
          {
            "name": "requeue_after",
            "type": "string",
            "doc": "Optional: reconcile again after this long, e.g. `\"5m\"`."
          },
          {
            "name": "status",
            "type": "map",
            "doc": "The Session's status.",
            "fields": [
              {
                "name": "conditions",
                "type": "array",
                "doc": "Conditions to set; the host adds transition times.",
                "items": {
                  "name": "conditions",
                  "type": "map",
                  "doc": "A condition as a script states it.",
                  "fields": [
                    {
                      "name": "message",
                      "type": "string",
                      "doc": "Human-readable detail."
                    },
                    {
                      "name": "reason",
                      "type": "string",
                      "doc": "CamelCase reason, e.g. `DeploymentNotReady`."
                    },
                    {
                      "name": "status",
                      "type": "string",
                      "doc": "`True`, `False` or `Unknown`.",
                      "values": [
                        "True",
                        "False",
                        "Unknown"
                      ]
                    },
                    {
                      "name": "type",
                      "type": "string",
                      "doc": "CamelCase condition type, e.g. `Ready`."
                    }
                  ]
                }
              },
              {
                "name": "phase",
                "type": "string",
                "doc": "The Session's phase.",
                "values": [
                  "Pending",
                  "Running",
                  "Hibernated",
                  "Failed",
                  "Terminated"
                ]
              },
              {
                "name": "podName",
                "type": "string",
                "doc": "The pod serving the session, when known."
              },
              {
                "name": "url",
                "type": "string",
                "doc": "Where the user reaches the session; `()` for none."
              }
            ]
          }
        ]
      }
    },
    {
      "script": "idle.rhai",
      "function": "idle",
      "params": [
        "ctx"
      ],
      "called": "running Sessions, when their last `check_after` is due",
      "decision": {
        "name": "decision",
        "type": "map",
        "doc": "What `idle` decided for a running Session.",
        "fields": [
          {
            "name": "action",
            "type": "string",
            "doc": "What to do now.",
            "values": [
              "none",
              "hibernate",
              "terminate"
            ]
          },
          {
            "name": "check_after",
            "type": "string",
            "doc": "When to ask again."
          },
          {
            "name": "reason",
            "type": "string",
            "doc": "Why, recorded in an annotation, an Event and a metric label."
          }
        ]
      }
    },
    {
      "script": "autostart.rhai",
      "function": "autostart",
      "params": [
        "ctx",
        "event"
      ],
      "called": "connection events",
      "decision": {
        "name": "decision",
        "type": "map",
        "doc": "What `autostart` decided for a connection event.",
        "fields": [
          {
            "name": "reason",
            "type": "string",
            "doc": "Why."
          },
          {
            "name": "wake",
            "type": "bool",
            "doc": "Whether to set `spec.state` to running."
          }
        ]
      }
    },
    {
      "script": "template.rhai",
      "function": "validate",
      "params": [
        "template"
      ],
      "called": "every Template reconcile",
      "decision": {
        "name": "decision",
        "type": "map",
        "doc": "What `validate` decided for a Template.",
        "fields": [
          {
            "name": "message",
            "type": "string",
            "doc": "Written to `status.message`."
          },
          {
            "name": "valid",
            "type": "bool",
            "doc": "Whether Sessions may use the Template."
          }
        ]
      }
    },
    {
      "script": "admit.rhai",
      "function": "admit",
      "params": [
        "ctx"
      ],
      "ownInputs": [
        {
          "name": "ctx",
          "type": "map",
          "doc": "The admission context of `admit`: a read-only object, like the `ctx` of the other scripts but with the Session being created or changed, the same user's other Sessions their Templates and their quota. Reading a field gives the script its own copy; assigning a field of `ctx` is an error. `ctx.keys()` lists the fields and `ctx[\"quota\"]` works too.",
          "fields": [
            {
              "name": "operation",
              "type": "string",
              "doc": "`\"CREATE\"` for a new Session, `\"UPDATE\"` for a change of one.",
              "values": [
                "CREATE",
                "UPDATE"
              ]
            },
            {
              "name": "session",
              "type": "map",
              "doc": "The Session as it would be stored, as the other scripts see a Session: the defaults of its spec filled in, its `status` always a map.",
              "fields": [
                {
                  "name": "apiVersion",
                  "type": "string",
                  "doc": "`\"stream.space/v1alpha1\"`.",
                  "values": [
                    "stream.space/v1alpha1"
                  ]
                },
                {
                  "name": "kind",
                  "type": "string",
                  "doc": "`\"Session\"`.",
                  "values": [
                    "Session"
                  ]
                },
                {
                  "name": "metadata",
                  "type": "map",
                  "doc": "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
                  "fields": [
                    {
                      "name": "annotations",
                      "type": "map",
                      "doc": "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations"
                    },
                    {
                      "name": "creationTimestamp",
                      "type": "string",
                      "doc": "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                    },
                    {
                      "name": "deletionGracePeriodSeconds",
                      "type": "int",
                      "doc": "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only."
                    },
                    {
                      "name": "deletionTimestamp",
                      "type": "string",
                      "doc": "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty. As long as the finalizers list contains items, deletion is blocked. Once the deletionTimestamp is set, this value may not be unset or be set further into the future, although it may be shortened or the resource may be deleted prior to this time. For example, a user may request that a pod is deleted in 30 seconds. The Kubelet will react by sending a graceful termination signal to the containers in the pod. After that 30 seconds, the Kubelet will send a hard termination signal (SIGKILL) to the container and after cleanup, remove the pod from the API. In the presence of network partitions, this object may still exist after this timestamp, until an administrator or automated process can determine the resource is fully terminated. If not set, graceful deletion of the object has not been requested.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                    },
                    {
                      "name": "finalizers",
                      "type": "array",
                      "doc": "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.  Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it. If the finalizer list is processed in order, then this can lead to a situation in which the component responsible for the first finalizer in the list is waiting for a signal (field value, external system, or other) produced by a component responsible for a finalizer later in the list, resulting in a deadlock. Without enforced ordering finalizers are free to order amongst themselves and are not vulnerable to ordering changes in the list."
                    },
                    {
                      "name": "generateName",
                      "type": "string",
                      "doc": "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only if Name is not specified. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#idempotency"
                    },
                    {
                      "name": "generation",
                      "type": "int",
                      "doc": "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only."
                    },
                    {
                      "name": "labels",
                      "type": "map",
                      "doc": "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels"
                    },
                    {
                      "name": "managedFields",
                      "type": "array",
                      "doc": "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field. A workflow can be the user's name, a controller's name, or the name of a specific apply path like \"ci-cd\". The set of fields is always in the version that the workflow used when modifying the object."
                    },
                    {
                      "name": "name",
                      "type": "string",
                      "doc": "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
                    },
                    {
                      "name": "namespace",
                      "type": "string",
                      "doc": "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces"
                    },
                    {
                      "name": "ownerReferences",
                      "type": "array",
                      "doc": "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller."
                    },
                    {
                      "name": "resourceVersion",
                      "type": "string",
                      "doc": "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency"
                    },
                    {
                      "name": "selfLink",
                      "type": "string",
                      "doc": "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."
                    },
                    {
                      "name": "uid",
                      "type": "string",
                      "doc": "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"
                    }
                  ]
                },
                {
                  "name": "spec",
                  "type": "map",
                  "doc": "Desired state of a StreamSpace session: which user runs which Template, whether it should be running, and its limits.",
                  "fields": [
                    {
                      "name": "idleTimeout",
                      "type": "string",
                      "doc": "How long the session may be idle (no activity) before it is hibernated. A duration of whole numbers with units `h`, `m`, `s`, e.g. `30m`, `1h30m`. Default `30m`."
                    },
                    {
                      "name": "maxSessionDuration",
                      "type": "string",
                      "doc": "How long the session may exist before it is ended, however active. A duration of whole numbers with units `h`, `m`, `s`, e.g. `8h`, `12h30m`. Default `8h`."
                    },
                    {
                      "name": "persistentHome",
                      "type": "bool",
                      "doc": "Whether the user's persistent home volume is mounted at `/config`. Default `true`."
                    },
                    {
                      "name": "resources",
                      "type": "map",
                      "doc": "Compute resources, either flat `{memory: 2Gi, cpu: 1000m}` or `{requests: {...}, limits: {...}}`. When absent, the Template's `defaultResources` apply.",
                      "fields": [
                        {
                          "name": "cpu",
                          "type": "any",
                          "doc": "CPU for the container, used as both request and limit (flat shape). A Kubernetes quantity, e.g. `1000m` or `2`."
                        },
                        {
                          "name": "limits",
                          "type": "map",
                          "doc": "Maximum resources the container may use, by resource name (Kubernetes shape), e.g. `{memory: 2Gi, cpu: \"1\"}`."
                        },
                        {
                          "name": "memory",
                          "type": "any",
                          "doc": "Memory for the container, used as both request and limit (flat shape). A Kubernetes quantity, e.g. `2Gi` or `512Mi`."
                        },
                        {
                          "name": "requests",
                          "type": "map",
                          "doc": "Minimum resources the container is scheduled with, by resource name (Kubernetes shape), e.g. `{memory: 1Gi, cpu: 500m}`."
                        }
                      ]
                    },
                    {
                      "name": "state",
                      "type": "string",
                      "doc": "Desired state: `running`, `hibernated` (scaled to zero, home kept) or `terminated` (workload deleted). Default `running`.",
                      "values": [
                        "running",
                        "hibernated",
                        "terminated"
                      ]
                    },
                    {
                      "name": "tags",
                      "type": "array",
                      "doc": "Free-form tags; each becomes the pod label `tag.stream.space/<tag>: \"true\"`. Default empty, e.g. `[dev, team-a]`.",
                      "items": {
                        "name": "tags",
                        "type": "string",
                        "doc": "A tag, e.g. `dev`."
                      }
                    },
                    {
                      "name": "template",
                      "type": "string",
                      "doc": "Name of the Template (in the session's namespace) to run: any Template name (a DNS subdomain, at most 253 characters), e.g. `firefox` or `changedetection.io`."
                    },
                    {
                      "name": "user",
                      "type": "string",
                      "doc": "Name of the user who owns the session. A DNS label (lower case letters, digits and `-`, at most 63 characters), e.g. `alice`."
                    }
                  ]
                },
                {
                  "name": "status",
                  "type": "map",
                  "doc": "Observed state of a session, written by the operator.",
                  "fields": [
                    {
                      "name": "conditions",
                      "type": "array",
                      "doc": "Standard conditions, e.g. `Ready` and `TemplateResolved`.",
                      "items": {
                        "name": "conditions",
                        "type": "map",
                        "doc": "Condition contains details for one aspect of the current state of this API Resource.",
                        "fields": [
                          {
                            "name": "lastTransitionTime",
                            "type": "string",
                            "doc": "lastTransitionTime is the last time the condition transitioned from one status to another. This should be when the underlying condition changed.  If that is not known, then using the time when the API field changed is acceptable."
                          },
                          {
                            "name": "message",
                            "type": "string",
                            "doc": "message is a human readable message indicating details about the transition. This may be an empty string."
                          },
                          {
                            "name": "observedGeneration",
                            "type": "int",
                            "doc": "observedGeneration represents the .metadata.generation that the condition was set based upon. For instance, if .metadata.generation is currently 12, but the .status.conditions[x].observedGeneration is 9, the condition is out of date with respect to the current state of the instance."
                          },
                          {
                            "name": "reason",
                            "type": "string",
                            "doc": "reason contains a programmatic identifier indicating the reason for the condition's last transition. Producers of specific condition types may define expected values and meanings for this field, and whether the values are considered a guaranteed API. The value should be a CamelCase string. This field may not be empty."
                          },
                          {
                            "name": "status",
                            "type": "string",
                            "doc": "status of the condition, one of True, False, Unknown."
                          },
                          {
                            "name": "type",
                            "type": "string",
                            "doc": "type of condition in CamelCase or in foo.example.com/CamelCase."
                          }
                        ]
                      }
                    },
                    {
                      "name": "lastActivity",
                      "type": "string",
                      "doc": "Time of the last user activity (RFC 3339, e.g. `2026-01-01T12:00:00Z`); the idle timeout counts from here."
                    },
                    {
                      "name": "observedGeneration",
                      "type": "int",
                      "doc": "The `metadata.generation` of the spec that was last reconciled."
                    },
                    {
                      "name": "phase",
                      "type": "string",
                      "doc": "Lifecycle phase: `Pending` (starting), `Running` (ready), `Hibernated`, `Failed` or `Terminated`.",
                      "values": [
                        "Pending",
                        "Running",
                        "Hibernated",
                        "Failed",
                        "Terminated"
                      ]
                    },
                    {
                      "name": "podName",
                      "type": "string",
                      "doc": "Name of the pod running the session, when there is one."
                    },
                    {
                      "name": "resourceUsage",
                      "type": "map",
                      "doc": "Resources the session was last seen using (kept for StreamSpace compatibility).",
                      "fields": [
                        {
                          "name": "cpu",
                          "type": "string",
                          "doc": "CPU in use, e.g. `250m`."
                        },
                        {
                          "name": "memory",
                          "type": "string",
                          "doc": "Memory in use, e.g. `1.2Gi`."
                        }
                      ]
                    },
                    {
                      "name": "scriptVersion",
                      "type": "string",
                      "doc": "Version (content hash) of the policy scripts that last reconciled the session."
                    },
                    {
                      "name": "url",
                      "type": "string",
                      "doc": "URL at which the user reaches the session, e.g. `https://alice-firefox-1a2b3c4d.streamspace.local`. Absent while hibernated."
                    }
                  ]
                }
              ]
            },
            {
              "name": "old_session",
              "type": "map",
              "doc": "On `UPDATE`, the Session as it is stored now; `()` on `CREATE`.",
              "fields": [
                {
                  "name": "apiVersion",
                  "type": "string",
                  "doc": "`\"stream.space/v1alpha1\"`.",
                  "values": [
                    "stream.space/v1alpha1"
                  ]
                },
                {
                  "name": "kind",
                  "type": "string",
                  "doc": "`\"Session\"`.",
                  "values": [
                    "Session"
                  ]
                },
                {
                  "name": "metadata",
                  "type": "map",
                  "doc": "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
                  "fields": [
                    {
                      "name": "annotations",
                      "type": "map",
                      "doc": "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations"
                    },
                    {
                      "name": "creationTimestamp",
                      "type": "string",
                      "doc": "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                    },
                    {
                      "name": "deletionGracePeriodSeconds",
                      "type": "int",
                      "doc": "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only."
                    },
                    {
                      "name": "deletionTimestamp",
                      "type": "string",
                      "doc": "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty. As long as the finalizers list contains items, deletion is blocked. Once the deletionTimestamp is set, this value may not be unset or be set further into the future, although it may be shortened or the resource may be deleted prior to this time. For example, a user may request that a pod is deleted in 30 seconds. The Kubelet will react by sending a graceful termination signal to the containers in the pod. After that 30 seconds, the Kubelet will send a hard termination signal (SIGKILL) to the container and after cleanup, remove the pod from the API. In the presence of network partitions, this object may still exist after this timestamp, until an administrator or automated process can determine the resource is fully terminated. If not set, graceful deletion of the object has not been requested.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                    },
                    {
                      "name": "finalizers",
                      "type": "array",
                      "doc": "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.  Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it. If the finalizer list is processed in order, then this can lead to a situation in which the component responsible for the first finalizer in the list is waiting for a signal (field value, external system, or other) produced by a component responsible for a finalizer later in the list, resulting in a deadlock. Without enforced ordering finalizers are free to order amongst themselves and are not vulnerable to ordering changes in the list."
                    },
                    {
                      "name": "generateName",
                      "type": "string",
                      "doc": "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only if Name is not specified. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#idempotency"
                    },
                    {
                      "name": "generation",
                      "type": "int",
                      "doc": "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only."
                    },
                    {
                      "name": "labels",
                      "type": "map",
                      "doc": "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels"
                    },
                    {
                      "name": "managedFields",
                      "type": "array",
                      "doc": "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field. A workflow can be the user's name, a controller's name, or the name of a specific apply path like \"ci-cd\". The set of fields is always in the version that the workflow used when modifying the object."
                    },
                    {
                      "name": "name",
                      "type": "string",
                      "doc": "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
                    },
                    {
                      "name": "namespace",
                      "type": "string",
                      "doc": "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces"
                    },
                    {
                      "name": "ownerReferences",
                      "type": "array",
                      "doc": "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller."
                    },
                    {
                      "name": "resourceVersion",
                      "type": "string",
                      "doc": "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency"
                    },
                    {
                      "name": "selfLink",
                      "type": "string",
                      "doc": "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."
                    },
                    {
                      "name": "uid",
                      "type": "string",
                      "doc": "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"
                    }
                  ]
                },
                {
                  "name": "spec",
                  "type": "map",
                  "doc": "Desired state of a StreamSpace session: which user runs which Template, whether it should be running, and its limits.",
                  "fields": [
                    {
                      "name": "idleTimeout",
                      "type": "string",
                      "doc": "How long the session may be idle (no activity) before it is hibernated. A duration of whole numbers with units `h`, `m`, `s`, e.g. `30m`, `1h30m`. Default `30m`."
                    },
                    {
                      "name": "maxSessionDuration",
                      "type": "string",
                      "doc": "How long the session may exist before it is ended, however active. A duration of whole numbers with units `h`, `m`, `s`, e.g. `8h`, `12h30m`. Default `8h`."
                    },
                    {
                      "name": "persistentHome",
                      "type": "bool",
                      "doc": "Whether the user's persistent home volume is mounted at `/config`. Default `true`."
                    },
                    {
                      "name": "resources",
                      "type": "map",
                      "doc": "Compute resources, either flat `{memory: 2Gi, cpu: 1000m}` or `{requests: {...}, limits: {...}}`. When absent, the Template's `defaultResources` apply.",
                      "fields": [
                        {
                          "name": "cpu",
                          "type": "any",
                          "doc": "CPU for the container, used as both request and limit (flat shape). A Kubernetes quantity, e.g. `1000m` or `2`."
                        },
                        {
                          "name": "limits",
                          "type": "map",
                          "doc": "Maximum resources the container may use, by resource name (Kubernetes shape), e.g. `{memory: 2Gi, cpu: \"1\"}`."
                        },
                        {
                          "name": "memory",
                          "type": "any",
                          "doc": "Memory for the container, used as both request and limit (flat shape). A Kubernetes quantity, e.g. `2Gi` or `512Mi`."
                        },
                        {
                          "name": "requests",
                          "type": "map",
                          "doc": "Minimum resources the container is scheduled with, by resource name (Kubernetes shape), e.g. `{memory: 1Gi, cpu: 500m}`."
                        }
                      ]
                    },
                    {
                      "name": "state",
                      "type": "string",
                      "doc": "Desired state: `running`, `hibernated` (scaled to zero, home kept) or `terminated` (workload deleted). Default `running`.",
                      "values": [
                        "running",
                        "hibernated",
                        "terminated"
                      ]
                    },
                    {
                      "name": "tags",
                      "type": "array",
                      "doc": "Free-form tags; each becomes the pod label `tag.stream.space/<tag>: \"true\"`. Default empty, e.g. `[dev, team-a]`.",
                      "items": {
                        "name": "tags",
                        "type": "string",
                        "doc": "A tag, e.g. `dev`."
                      }
                    },
                    {
                      "name": "template",
                      "type": "string",
                      "doc": "Name of the Template (in the session's namespace) to run: any Template name (a DNS subdomain, at most 253 characters), e.g. `firefox` or `changedetection.io`."
                    },
                    {
                      "name": "user",
                      "type": "string",
                      "doc": "Name of the user who owns the session. A DNS label (lower case letters, digits and `-`, at most 63 characters), e.g. `alice`."
                    }
                  ]
                },
                {
                  "name": "status",
                  "type": "map",
                  "doc": "Observed state of a session, written by the operator.",
                  "fields": [
                    {
                      "name": "conditions",
                      "type": "array",
                      "doc": "Standard conditions, e.g. `Ready` and `TemplateResolved`.",
                      "items": {
                        "name": "conditions",
                        "type": "map",
                        "doc": "Condition contains details for one aspect of the current state of this API Resource.",
                        "fields": [
                          {
                            "name": "lastTransitionTime",
                            "type": "string",
                            "doc": "lastTransitionTime is the last time the condition transitioned from one status to another. This should be when the underlying condition changed.  If that is not known, then using the time when the API field changed is acceptable."
                          },
                          {
                            "name": "message",
                            "type": "string",
                            "doc": "message is a human readable message indicating details about the transition. This may be an empty string."
                          },
                          {
                            "name": "observedGeneration",
                            "type": "int",
                            "doc": "observedGeneration represents the .metadata.generation that the condition was set based upon. For instance, if .metadata.generation is currently 12, but the .status.conditions[x].observedGeneration is 9, the condition is out of date with respect to the current state of the instance."
                          },
                          {
                            "name": "reason",
                            "type": "string",
                            "doc": "reason contains a programmatic identifier indicating the reason for the condition's last transition. Producers of specific condition types may define expected values and meanings for this field, and whether the values are considered a guaranteed API. The value should be a CamelCase string. This field may not be empty."
                          },
                          {
                            "name": "status",
                            "type": "string",
                            "doc": "status of the condition, one of True, False, Unknown."
                          },
                          {
                            "name": "type",
                            "type": "string",
                            "doc": "type of condition in CamelCase or in foo.example.com/CamelCase."
                          }
                        ]
                      }
                    },
                    {
                      "name": "lastActivity",
                      "type": "string",
                      "doc": "Time of the last user activity (RFC 3339, e.g. `2026-01-01T12:00:00Z`); the idle timeout counts from here."
                    },
                    {
                      "name": "observedGeneration",
                      "type": "int",
                      "doc": "The `metadata.generation` of the spec that was last reconciled."
                    },
                    {
                      "name": "phase",
                      "type": "string",
                      "doc": "Lifecycle phase: `Pending` (starting), `Running` (ready), `Hibernated`, `Failed` or `Terminated`.",
                      "values": [
                        "Pending",
                        "Running",
                        "Hibernated",
                        "Failed",
                        "Terminated"
                      ]
                    },
                    {
                      "name": "podName",
                      "type": "string",
                      "doc": "Name of the pod running the session, when there is one."
                    },
                    {
                      "name": "resourceUsage",
                      "type": "map",
                      "doc": "Resources the session was last seen using (kept for StreamSpace compatibility).",
                      "fields": [
                        {
                          "name": "cpu",
                          "type": "string",
                          "doc": "CPU in use, e.g. `250m`."
                        },
                        {
                          "name": "memory",
                          "type": "string",
                          "doc": "Memory in use, e.g. `1.2Gi`."
                        }
                      ]
                    },
                    {
                      "name": "scriptVersion",
                      "type": "string",
                      "doc": "Version (content hash) of the policy scripts that last reconciled the session."
                    },
                    {
                      "name": "url",
                      "type": "string",
                      "doc": "URL at which the user reaches the session, e.g. `https://alice-firefox-1a2b3c4d.streamspace.local`. Absent while hibernated."
                    }
                  ]
                }
              ]
            },
            {
              "name": "template",
              "type": "map",
              "doc": "The Session's Template, or `()` when it does not exist.",
              "fields": [
                {
                  "name": "apiVersion",
                  "type": "string",
                  "doc": "`\"stream.space/v1alpha1\"`.",
                  "values": [
                    "stream.space/v1alpha1"
                  ]
                },
                {
                  "name": "kind",
                  "type": "string",
                  "doc": "`\"Template\"`.",
                  "values": [
                    "Template"
                  ]
                },
                {
                  "name": "metadata",
                  "type": "map",
                  "doc": "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
                  "fields": [
                    {
                      "name": "annotations",
                      "type": "map",
                      "doc": "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations"
                    },
                    {
                      "name": "creationTimestamp",
                      "type": "string",
                      "doc": "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                    },
                    {
                      "name": "deletionGracePeriodSeconds",
                      "type": "int",
                      "doc": "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only."
                    },
                    {
                      "name": "deletionTimestamp",
                      "type": "string",
                      "doc": "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty. As long as the finalizers list contains items, deletion is blocked. Once the deletionTimestamp is set, this value may not be unset or be set further into the future, although it may be shortened or the resource may be deleted prior to this time. For example, a user may request that a pod is deleted in 30 seconds. The Kubelet will react by sending a graceful termination signal to the containers in the pod. After that 30 seconds, the Kubelet will send a hard termination signal (SIGKILL) to the container and after cleanup, remove the pod from the API. In the presence of network partitions, this object may still exist after this timestamp, until an administrator or automated process can determine the resource is fully terminated. If not set, graceful deletion of the object has not been requested.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                    },
                    {
                      "name": "finalizers",
                      "type": "array",
                      "doc": "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.  Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it. If the finalizer list is processed in order, then this can lead to a situation in which the component responsible for the first finalizer in the list is waiting for a signal (field value, external system, or other) produced by a component responsible for a finalizer later in the list, resulting in a deadlock. Without enforced ordering finalizers are free to order amongst themselves and are not vulnerable to ordering changes in the list."
                    },
                    {
                      "name": "generateName",
                      "type": "string",
                      "doc": "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only if Name is not specified. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#idempotency"
                    },
                    {
                      "name": "generation",
                      "type": "int",
                      "doc": "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only."
                    },
                    {
                      "name": "labels",
                      "type": "map",
                      "doc": "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels"
                    },
                    {
                      "name": "managedFields",
                      "type": "array",
                      "doc": "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field. A workflow can be the user's name, a controller's name, or the name of a specific apply path like \"ci-cd\". The set of fields is always in the version that the workflow used when modifying the object."
                    },
                    {
                      "name": "name",
                      "type": "string",
                      "doc": "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
                    },
                    {
                      "name": "namespace",
                      "type": "string",
                      "doc": "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces"
                    },
                    {
                      "name": "ownerReferences",
                      "type": "array",
                      "doc": "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller."
                    },
                    {
                      "name": "resourceVersion",
                      "type": "string",
                      "doc": "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency"
                    },
                    {
                      "name": "selfLink",
                      "type": "string",
                      "doc": "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."
                    },
                    {
                      "name": "uid",
                      "type": "string",
                      "doc": "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"
                    }
                  ]
                },
                {
                  "name": "spec",
                  "type": "map",
                  "doc": "An application that StreamSpace sessions can run: its image, ports, environment and how its desktop is streamed.",
                  "fields": [
                    {
                      "name": "baseImage",
                      "type": "string",
                      "doc": "Container image the session runs, e.g. `lscr.io/linuxserver/firefox:latest`."
                    },
                    {
                      "name": "capabilities",
                      "type": "array",
                      "doc": "Features the application supports: `Network`, `Audio`, `Clipboard`, `USB`, `Printing`.",
                      "items": {
                        "name": "capabilities",
                        "type": "string",
                        "doc": "A feature: `Network`, `Audio`, `Clipboard`, `USB` or `Printing`.",
                        "values": [
                          "Network",
                          "Audio",
                          "Clipboard",
                          "USB",
                          "Printing"
                        ]
                      }
                    },
                    {
                      "name": "category",
                      "type": "string",
                      "doc": "Category used to group templates in a catalogue, e.g. `Browsers`."
                    },
                    {
                      "name": "defaultResources",
                      "type": "map",
                      "doc": "Resources of sessions that set none, either flat `{memory: 2Gi, cpu: 1000m}` or `{requests: {...}, limits: {...}}`. When absent the operator's defaults apply (2Gi memory, 1000m CPU).",
                      "fields": [
                        {
                          "name": "cpu",
                          "type": "any",
                          "doc": "CPU for the container, used as both request and limit (flat shape). A Kubernetes quantity, e.g. `1000m` or `2`."
                        },
                        {
                          "name": "limits",
                          "type": "map",
                          "doc": "Maximum resources the container may use, by resource name (Kubernetes shape), e.g. `{memory: 2Gi, cpu: \"1\"}`."
                        },
                        {
                          "name": "memory",
                          "type": "any",
                          "doc": "Memory for the container, used as both request and limit (flat shape). A Kubernetes quantity, e.g. `2Gi` or `512Mi`."
                        },
                        {
                          "name": "requests",
                          "type": "map",
                          "doc": "Minimum resources the container is scheduled with, by resource name (Kubernetes shape), e.g. `{memory: 1Gi, cpu: 500m}`."
                        }
                      ]
                    },
                    {
                      "name": "description",
                      "type": "string",
                      "doc": "Longer description of the application."
                    },
                    {
                      "name": "displayName",
                      "type": "string",
                      "doc": "Human-readable name of the application, e.g. `Firefox`."
                    },
                    {
                      "name": "env",
                      "type": "array",
                      "doc": "Environment variables of the container, e.g. `[{name: TZ, value: UTC}]`.",
                      "items": {
                        "name": "env",
                        "type": "map",
                        "doc": "EnvVar represents an environment variable present in a Container.",
                        "fields": [
                          {
                            "name": "name",
                            "type": "string",
                            "doc": "Name of the environment variable. May consist of any printable ASCII characters except '='."
                          },
                          {
                            "name": "value",
                            "type": "string",
                            "doc": "Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. \"$$(VAR_NAME)\" will produce the string literal \"$(VAR_NAME)\". Escaped references will never be expanded, regardless of whether the variable exists or not. Defaults to \"\"."
                          },
                          {
                            "name": "valueFrom",
                            "type": "map",
                            "doc": "Source for the environment variable's value. Cannot be used if value is not empty.",
                            "fields": [
                              {
                                "name": "configMapKeyRef",
                                "type": "map",
                                "doc": "Selects a key of a ConfigMap.",
                                "fields": [
                                  {
                                    "name": "key",
                                    "type": "string",
                                    "doc": "The key to select from the ConfigMap's Data field. Keys in the BinaryData field are not currently propagated to container env vars."
                                  },
                                  {
                                    "name": "name",
                                    "type": "string",
                                    "doc": "Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"
                                  },
                                  {
                                    "name": "optional",
                                    "type": "bool",
                                    "doc": "Specify whether the ConfigMap or its key must be defined"
                                  }
                                ]
                              },
                              {
                                "name": "fieldRef",
                                "type": "map",
                                "doc": "Selects a field of the pod: supports metadata.name, metadata.namespace, `metadata.labels['<KEY>']`, `metadata.annotations['<KEY>']`, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs.",
                                "fields": [
                                  {
                                    "name": "apiVersion",
                                    "type": "string",
                                    "doc": "Version of the schema the FieldPath is written in terms of, defaults to \"v1\"."
                                  },
                                  {
                                    "name": "fieldPath",
                                    "type": "string",
                                    "doc": "Path of the field to select in the specified API version."
                                  }
                                ]
                              },
                              {
                                "name": "fileKeyRef",
                                "type": "map",
                                "doc": "FileKeyRef selects a key of the env file. Requires the EnvFiles feature gate to be enabled.",
                                "fields": [
                                  {
                                    "name": "key",
                                    "type": "string",
                                    "doc": "The key within the env file. An invalid key will prevent the pod from starting. The keys defined within a source may consist of any printable ASCII characters except '='. During Alpha stage of the EnvFiles feature gate, the key size is limited to 128 characters."
                                  },
                                  {
                                    "name": "optional",
                                    "type": "bool",
                                    "doc": "Specify whether the file or its key must be defined. If the file or key does not exist, then the env var is not published. If optional is set to true and the specified key does not exist, the environment variable will not be set in the Pod's containers.\n\nIf optional is set to false and the specified key does not exist, an error will be returned during Pod creation."
                                  },
                                  {
                                    "name": "path",
                                    "type": "string",
                                    "doc": "The path within the volume from which to select the file. Must be relative and may not contain the '..' path or start with '..'."
                                  },
                                  {
                                    "name": "volumeName",
                                    "type": "string",
                                    "doc": "The name of the volume mount containing the env file."
                                  }
                                ]
                              },
                              {
                                "name": "resourceFieldRef",
                                "type": "map",
                                "doc": "Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory and requests.ephemeral-storage) are currently supported.",
                                "fields": [
                                  {
                                    "name": "containerName",
                                    "type": "string",
                                    "doc": "Container name: required for volumes, optional for env vars"
                                  },
                                  {
                                    "name": "divisor",
                                    "type": "any",
                                    "doc": "Specifies the output format of the exposed resources, defaults to \"1\""
                                  },
                                  {
                                    "name": "resource",
                                    "type": "string",
                                    "doc": "Required: resource to select"
                                  }
                                ]
                              },
                              {
                                "name": "secretKeyRef",
                                "type": "map",
                                "doc": "Selects a key of a secret in the pod's namespace",
                                "fields": [
                                  {
                                    "name": "key",
                                    "type": "string",
                                    "doc": "The key of the secret to select from.  Must be a valid secret key."
                                  },
                                  {
                                    "name": "name",
                                    "type": "string",
                                    "doc": "Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"
                                  },
                                  {
                                    "name": "optional",
                                    "type": "bool",
                                    "doc": "Specify whether the Secret or its key must be defined"
                                  }
                                ]
                              }
                            ]
                          }
                        ]
                      }
                    },
                    {
                      "name": "icon",
                      "type": "string",
                      "doc": "URL of the application's icon."
                    },
                    {
                      "name": "kasmvnc",
                      "type": "map",
                      "doc": "Legacy KasmVNC settings that many published templates still use instead of `vnc`; honoured when `vnc` is absent.",
                      "fields": [
                        {
                          "name": "enabled",
                          "type": "bool",
                          "doc": "Whether KasmVNC is enabled."
                        },
                        {
                          "name": "port",
                          "type": "int",
                          "doc": "Port KasmVNC listens on, e.g. `3000` for LinuxServer.io images."
                        }
                      ]
                    },
                    {
                      "name": "ports",
                      "type": "array",
                      "doc": "Extra container ports, e.g. `[{name: audio, containerPort: 4713}]`.",
                      "items": {
                        "name": "ports",
                        "type": "map",
                        "doc": "ContainerPort represents a network port in a single container.",
                        "fields": [
                          {
                            "name": "containerPort",
                            "type": "int",
                            "doc": "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536."
                          },
                          {
                            "name": "hostIP",
                            "type": "string",
                            "doc": "What host IP to bind the external port to."
                          },
                          {
                            "name": "hostPort",
                            "type": "int",
                            "doc": "Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536. If HostNetwork is specified, this must match ContainerPort. Most containers do not need this."
                          },
                          {
                            "name": "name",
                            "type": "string",
                            "doc": "If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name. Name for the port that can be referred to by services."
                          },
                          {
                            "name": "protocol",
                            "type": "string",
                            "doc": "Protocol for port. Must be UDP, TCP, or SCTP. Defaults to \"TCP\"."
                          }
                        ]
                      }
                    },
                    {
                      "name": "tags",
                      "type": "array",
                      "doc": "Free-form tags for the catalogue, e.g. `[browser, privacy]`.",
                      "items": {
                        "name": "tags",
                        "type": "string",
                        "doc": "A catalogue tag, e.g. `browser`."
                      }
                    },
                    {
                      "name": "vnc",
                      "type": "map",
                      "doc": "How the desktop is streamed (VNC). When absent, the default policy uses VNC on the legacy `kasmvnc` port, or else on 5900.",
                      "fields": [
                        {
                          "name": "enabled",
                          "type": "bool",
                          "doc": "Whether the image serves a VNC desktop. Default `true`."
                        },
                        {
                          "name": "encryption",
                          "type": "bool",
                          "doc": "Whether the VNC connection is encrypted."
                        },
                        {
                          "name": "port",
                          "type": "int",
                          "doc": "Port the VNC server listens on (1024-65535), e.g. `5900` or `3000`. When absent the default policy uses 5900."
                        },
                        {
                          "name": "protocol",
                          "type": "string",
                          "doc": "Protocol spoken on `port`: `rfb` (raw VNC) or `websocket`.",
                          "values": [
                            "rfb",
                            "websocket"
                          ]
                        }
                      ]
                    },
                    {
                      "name": "volumeMounts",
                      "type": "array",
                      "doc": "Volume mounts of the container, e.g. `[{name: shm, mountPath: /dev/shm}]`.",
                      "items": {
                        "name": "volumeMounts",
                        "type": "map",
                        "doc": "VolumeMount describes a mounting of a Volume within a container.",
                        "fields": [
                          {
                            "name": "bindMountOptions",
                            "type": "array",
                            "doc": "bindMountOptions is the list of additional bind mount options to apply when mounting this volume into the container. Allowed values are noexec, nodev, and nosuid. These are Linux mount options and have no effect on Windows nodes. This field is not supported with image volumes. This is an alpha field and requires enabling the VolumeBindMountOptions feature gate.",
                            "items": {
                              "name": "bindMountOptions",
                              "type": "string",
                              "doc": "A bind mount option: `noexec`, `nodev` or `nosuid`."
                            }
                          },
                          {
                            "name": "mountPath",
                            "type": "string",
                            "doc": "Path within the container at which the volume should be mounted."
                          },
                          {
                            "name": "mountPropagation",
                            "type": "string",
                            "doc": "mountPropagation determines how mounts are propagated from the host to container and the other way around. When not set, MountPropagationNone is used. This field is beta in 1.10. When RecursiveReadOnly is set to IfPossible or to Enabled, MountPropagation must be None or unspecified (which defaults to None)."
                          },
                          {
                            "name": "name",
                            "type": "string",
                            "doc": "This must match the Name of a Volume."
                          },
                          {
                            "name": "readOnly",
                            "type": "bool",
                            "doc": "Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false."
                          },
                          {
                            "name": "recursiveReadOnly",
                            "type": "string",
                            "doc": "RecursiveReadOnly specifies whether read-only mounts should be handled recursively.\n\nIf ReadOnly is false, this field has no meaning and must be unspecified.\n\nIf ReadOnly is true, and this field is set to Disabled, the mount is not made recursively read-only.  If this field is set to IfPossible, the mount is made recursively read-only, if it is supported by the container runtime.  If this field is set to Enabled, the mount is made recursively read-only if it is supported by the container runtime, otherwise the pod will not be started and an error will be generated to indicate the reason.\n\nIf this field is set to IfPossible or Enabled, MountPropagation must be set to None (or be unspecified, which defaults to None).\n\nIf this field is not specified, it is treated as an equivalent of Disabled."
                          },
                          {
                            "name": "subPath",
                            "type": "string",
                            "doc": "Path within the volume from which the container's volume should be mounted. Defaults to \"\" (volume's root)."
                          },
                          {
                            "name": "subPathExpr",
                            "type": "string",
                            "doc": "Expanded path within the volume from which the container's volume should be mounted. Behaves similarly to SubPath but environment variable references $(VAR_NAME) are expanded using the container's environment. Defaults to \"\" (volume's root). SubPathExpr and SubPath are mutually exclusive."
                          }
                        ]
                      }
                    }
                  ]
                },
                {
                  "name": "status",
                  "type": "map",
                  "doc": "Observed state of a template, written by the operator.",
                  "fields": [
                    {
                      "name": "conditions",
                      "type": "array",
                      "doc": "Standard conditions, e.g. `Valid`.",
                      "items": {
                        "name": "conditions",
                        "type": "map",
                        "doc": "Condition contains details for one aspect of the current state of this API Resource.",
                        "fields": [
                          {
                            "name": "lastTransitionTime",
                            "type": "string",
                            "doc": "lastTransitionTime is the last time the condition transitioned from one status to another. This should be when the underlying condition changed.  If that is not known, then using the time when the API field changed is acceptable."
                          },
                          {
                            "name": "message",
                            "type": "string",
                            "doc": "message is a human readable message indicating details about the transition. This may be an empty string."
                          },
                          {
                            "name": "observedGeneration",
                            "type": "int",
                            "doc": "observedGeneration represents the .metadata.generation that the condition was set based upon. For instance, if .metadata.generation is currently 12, but the .status.conditions[x].observedGeneration is 9, the condition is out of date with respect to the current state of the instance."
                          },
                          {
                            "name": "reason",
                            "type": "string",
                            "doc": "reason contains a programmatic identifier indicating the reason for the condition's last transition. Producers of specific condition types may define expected values and meanings for this field, and whether the values are considered a guaranteed API. The value should be a CamelCase string. This field may not be empty."
                          },
                          {
                            "name": "status",
                            "type": "string",
                            "doc": "status of the condition, one of True, False, Unknown."
                          },
                          {
                            "name": "type",
                            "type": "string",
                            "doc": "type of condition in CamelCase or in foo.example.com/CamelCase."
                          }
                        ]
                      }
                    },
                    {
                      "name": "message",
                      "type": "string",
                      "doc": "Outcome of validation, e.g. `Template is valid and ready to use`, or what is wrong."
                    },
                    {
                      "name": "valid",
                      "type": "bool",
                      "doc": "Whether the template passed validation."
                    }
                  ]
                }
              ]
            },
            {
              "name": "sessions",
              "type": "array",
              "doc": "The same user's other Sessions, as the operator's caches hold them (any state; the Session being admitted is not among them).",
              "items": {
                "name": "sessions",
                "type": "map",
                "doc": "A StreamSpace session: a containerised desktop or app streamed to one user, built from a Template of the same namespace.",
                "fields": [
                  {
                    "name": "apiVersion",
                    "type": "string",
                    "doc": "`\"stream.space/v1alpha1\"`.",
                    "values": [
                      "stream.space/v1alpha1"
                    ]
                  },
                  {
                    "name": "kind",
                    "type": "string",
                    "doc": "`\"Session\"`.",
                    "values": [
                      "Session"
                    ]
                  },
                  {
                    "name": "metadata",
                    "type": "map",
                    "doc": "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
                    "fields": [
                      {
                        "name": "annotations",
                        "type": "map",
                        "doc": "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations"
                      },
                      {
                        "name": "creationTimestamp",
                        "type": "string",
                        "doc": "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                      },
                      {
                        "name": "deletionGracePeriodSeconds",
                        "type": "int",
                        "doc": "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only."
                      },
                      {
                        "name": "deletionTimestamp",
                        "type": "string",
                        "doc": "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty. As long as the finalizers list contains items, deletion is blocked. Once the deletionTimestamp is set, this value may not be unset or be set further into the future, although it may be shortened or the resource may be deleted prior to this time. For example, a user may request that a pod is deleted in 30 seconds. The Kubelet will react by sending a graceful termination signal to the containers in the pod. After that 30 seconds, the Kubelet will send a hard termination signal (SIGKILL) to the container and after cleanup, remove the pod from the API. In the presence of network partitions, this object may still exist after this timestamp, until an administrator or automated process can determine the resource is fully terminated. If not set, graceful deletion of the object has not been requested.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                      },
                      {
                        "name": "finalizers",
                        "type": "array",
                        "doc": "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.  Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it. If the finalizer list is processed in order, then this can lead to a situation in which the component responsible for the first finalizer in the list is waiting for a signal (field value, external system, or other) produced by a component responsible for a finalizer later in the list, resulting in a deadlock. Without enforced ordering finalizers are free to order amongst themselves and are not vulnerable to ordering changes in the list."
                      },
                      {
                        "name": "generateName",
                        "type": "string",
                        "doc": "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only if Name is not specified. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#idempotency"
                      },
                      {
                        "name": "generation",
                        "type": "int",
                        "doc": "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only."
                      },
                      {
                        "name": "labels",
                        "type": "map",
                        "doc": "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels"
                      },
                      {
                        "name": "managedFields",
                        "type": "array",
                        "doc": "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field. A workflow can be the user's name, a controller's name, or the name of a specific apply path like \"ci-cd\". The set of fields is always in the version that the workflow used when modifying the object."
                      },
                      {
                        "name": "name",
                        "type": "string",
                        "doc": "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
                      },
                      {
                        "name": "namespace",
                        "type": "string",
                        "doc": "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces"
                      },
                      {
                        "name": "ownerReferences",
                        "type": "array",
                        "doc": "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller."
                      },
                      {
                        "name": "resourceVersion",
                        "type": "string",
                        "doc": "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency"
                      },
                      {
                        "name": "selfLink",
                        "type": "string",
                        "doc": "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."
                      },
                      {
                        "name": "uid",
                        "type": "string",
                        "doc": "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"
                      }
                    ]
                  },
                  {
                    "name": "spec",
                    "type": "map",
                    "doc": "Desired state of a StreamSpace session: which user runs which Template, whether it should be running, and its limits.",
                    "fields": [
                      {
                        "name": "idleTimeout",
                        "type": "string",
                        "doc": "How long the session may be idle (no activity) before it is hibernated. A duration of whole numbers with units `h`, `m`, `s`, e.g. `30m`, `1h30m`. Default `30m`."
                      },
                      {
                        "name": "maxSessionDuration",
                        "type": "string",
                        "doc": "How long the session may exist before it is ended, however active. A duration of whole numbers with units `h`, `m`, `s`, e.g. `8h`, `12h30m`. Default `8h`."
                      },
                      {
                        "name": "persistentHome",
                        "type": "bool",
                        "doc": "Whether the user's persistent home volume is mounted at `/config`. Default `true`."
                      },
                      {
                        "name": "resources",
                        "type": "map",
                        "doc": "Compute resources, either flat `{memory: 2Gi, cpu: 1000m}` or `{requests: {...}, limits: {...}}`. When absent, the Template's `defaultResources` apply.",
                        "fields": [
                          {
                            "name": "cpu",
                            "type": "any",
                            "doc": "CPU for the container, used as both request and limit (flat shape). A Kubernetes quantity, e.g. `1000m` or `2`."
                          },
                          {
                            "name": "limits",
                            "type": "map",
                            "doc": "Maximum resources the container may use, by resource name (Kubernetes shape), e.g. `{memory: 2Gi, cpu: \"1\"}`."
                          },
                          {
                            "name": "memory",
                            "type": "any",
                            "doc": "Memory for the container, used as both request and limit (flat shape). A Kubernetes quantity, e.g. `2Gi` or `512Mi`."
                          },
                          {
                            "name": "requests",
                            "type": "map",
                            "doc": "Minimum resources the container is scheduled with, by resource name (Kubernetes shape), e.g. `{memory: 1Gi, cpu: 500m}`."
                          }
                        ]
                      },
                      {
                        "name": "state",
                        "type": "string",
                        "doc": "Desired state: `running`, `hibernated` (scaled to zero, home kept) or `terminated` (workload deleted). Default `running`.",
                        "values": [
                          "running",
                          "hibernated",
                          "terminated"
                        ]
                      },
                      {
                        "name": "tags",
                        "type": "array",
                        "doc": "Free-form tags; each becomes the pod label `tag.stream.space/<tag>: \"true\"`. Default empty, e.g. `[dev, team-a]`.",
                        "items": {
                          "name": "tags",
                          "type": "string",
                          "doc": "A tag, e.g. `dev`."
                        }
                      },
                      {
                        "name": "template",
                        "type": "string",
                        "doc": "Name of the Template (in the session's namespace) to run: any Template name (a DNS subdomain, at most 253 characters), e.g. `firefox` or `changedetection.io`."
                      },
                      {
                        "name": "user",
                        "type": "string",
                        "doc": "Name of the user who owns the session. A DNS label (lower case letters, digits and `-`, at most 63 characters), e.g. `alice`."
                      }
                    ]
                  },
                  {
                    "name": "status",
                    "type": "map",
                    "doc": "Observed state of a session, written by the operator.",
                    "fields": [
                      {
                        "name": "conditions",
                        "type": "array",
                        "doc": "Standard conditions, e.g. `Ready` and `TemplateResolved`.",
                        "items": {
                          "name": "conditions",
                          "type": "map",
                          "doc": "Condition contains details for one aspect of the current state of this API Resource.",
                          "fields": [
                            {
                              "name": "lastTransitionTime",
                              "type": "string",
                              "doc": "lastTransitionTime is the last time the condition transitioned from one status to another. This should be when the underlying condition changed.  If that is not known, then using the time when the API field changed is acceptable."
                            },
                            {
                              "name": "message",
                              "type": "string",
                              "doc": "message is a human readable message indicating details about the transition. This may be an empty string."
                            },
                            {
                              "name": "observedGeneration",
                              "type": "int",
                              "doc": "observedGeneration represents the .metadata.generation that the condition was set based upon. For instance, if .metadata.generation is currently 12, but the .status.conditions[x].observedGeneration is 9, the condition is out of date with respect to the current state of the instance."
                            },
                            {
                              "name": "reason",
                              "type": "string",
                              "doc": "reason contains a programmatic identifier indicating the reason for the condition's last transition. Producers of specific condition types may define expected values and meanings for this field, and whether the values are considered a guaranteed API. The value should be a CamelCase string. This field may not be empty."
                            },
                            {
                              "name": "status",
                              "type": "string",
                              "doc": "status of the condition, one of True, False, Unknown."
                            },
                            {
                              "name": "type",
                              "type": "string",
                              "doc": "type of condition in CamelCase or in foo.example.com/CamelCase."
                            }
                          ]
                        }
                      },
                      {
                        "name": "lastActivity",
                        "type": "string",
                        "doc": "Time of the last user activity (RFC 3339, e.g. `2026-01-01T12:00:00Z`); the idle timeout counts from here."
                      },
                      {
                        "name": "observedGeneration",
                        "type": "int",
                        "doc": "The `metadata.generation` of the spec that was last reconciled."
                      },
                      {
                        "name": "phase",
                        "type": "string",
                        "doc": "Lifecycle phase: `Pending` (starting), `Running` (ready), `Hibernated`, `Failed` or `Terminated`.",
                        "values": [
                          "Pending",
                          "Running",
                          "Hibernated",
                          "Failed",
                          "Terminated"
                        ]
                      },
                      {
                        "name": "podName",
                        "type": "string",
                        "doc": "Name of the pod running the session, when there is one."
                      },
                      {
                        "name": "resourceUsage",
                        "type": "map",
                        "doc": "Resources the session was last seen using (kept for StreamSpace compatibility).",
                        "fields": [
                          {
                            "name": "cpu",
                            "type": "string",
                            "doc": "CPU in use, e.g. `250m`."
                          },
                          {
                            "name": "memory",
                            "type": "string",
                            "doc": "Memory in use, e.g. `1.2Gi`."
                          }
                        ]
                      },
                      {
                        "name": "scriptVersion",
                        "type": "string",
                        "doc": "Version (content hash) of the policy scripts that last reconciled the session."
                      },
                      {
                        "name": "url",
                        "type": "string",
                        "doc": "URL at which the user reaches the session, e.g. `https://alice-firefox-1a2b3c4d.streamspace.local`. Absent while hibernated."
                      }
                    ]
                  }
                ]
              }
            },
            {
              "name": "templates",
              "type": "array",
              "doc": "The Templates the other Sessions name, each once (a Session without resources of its own requests its Template's `defaultResources`); a missing one is not there.",
              "items": {
                "name": "templates",
                "type": "map",
                "doc": "A StreamSpace template: a containerised application (image, ports, environment, streaming settings) that Sessions of the same namespace run.",
                "fields": [
                  {
                    "name": "apiVersion",
                    "type": "string",
                    "doc": "`\"stream.space/v1alpha1\"`.",
                    "values": [
                      "stream.space/v1alpha1"
                    ]
                  },
                  {
                    "name": "kind",
                    "type": "string",
                    "doc": "`\"Template\"`.",
                    "values": [
                      "Template"
                    ]
                  },
                  {
                    "name": "metadata",
                    "type": "map",
                    "doc": "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
                    "fields": [
                      {
                        "name": "annotations",
                        "type": "map",
                        "doc": "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations"
                      },
                      {
                        "name": "creationTimestamp",
                        "type": "string",
                        "doc": "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                      },
                      {
                        "name": "deletionGracePeriodSeconds",
                        "type": "int",
                        "doc": "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only."
                      },
                      {
                        "name": "deletionTimestamp",
                        "type": "string",
                        "doc": "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty. As long as the finalizers list contains items, deletion is blocked. Once the deletionTimestamp is set, this value may not be unset or be set further into the future, although it may be shortened or the resource may be deleted prior to this time. For example, a user may request that a pod is deleted in 30 seconds. The Kubelet will react by sending a graceful termination signal to the containers in the pod. After that 30 seconds, the Kubelet will send a hard termination signal (SIGKILL) to the container and after cleanup, remove the pod from the API. In the presence of network partitions, this object may still exist after this timestamp, until an administrator or automated process can determine the resource is fully terminated. If not set, graceful deletion of the object has not been requested.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                      },
                      {
                        "name": "finalizers",
                        "type": "array",
                        "doc": "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.  Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it. If the finalizer list is processed in order, then this can lead to a situation in which the component responsible for the first finalizer in the list is waiting for a signal (field value, external system, or other) produced by a component responsible for a finalizer later in the list, resulting in a deadlock. Without enforced ordering finalizers are free to order amongst themselves and are not vulnerable to ordering changes in the list."
                      },
                      {
                        "name": "generateName",
                        "type": "string",
                        "doc": "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only if Name is not specified. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#idempotency"
                      },
                      {
                        "name": "generation",
                        "type": "int",
                        "doc": "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only."
                      },
                      {
                        "name": "labels",
                        "type": "map",
                        "doc": "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels"
                      },
                      {
                        "name": "managedFields",
                        "type": "array",
                        "doc": "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field. A workflow can be the user's name, a controller's name, or the name of a specific apply path like \"ci-cd\". The set of fields is always in the version that the workflow used when modifying the object."
                      },
                      {
                        "name": "name",
                        "type": "string",
                        "doc": "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
                      },
                      {
                        "name": "namespace",
                        "type": "string",
                        "doc": "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces"
                      },
                      {
                        "name": "ownerReferences",
                        "type": "array",
                        "doc": "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller."
                      },
                      {
                        "name": "resourceVersion",
                        "type": "string",
                        "doc": "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency"
                      },
                      {
                        "name": "selfLink",
                        "type": "string",
                        "doc": "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."
                      },
                      {
                        "name": "uid",
                        "type": "string",
                        "doc": "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"
                      }
                    ]
                  },
                  {
                    "name": "spec",
                    "type": "map",
                    "doc": "An application that StreamSpace sessions can run: its image, ports, environment and how its desktop is streamed.",
                    "fields": [
                      {
                        "name": "baseImage",
                        "type": "string",
                        "doc": "Container image the session runs, e.g. `lscr.io/linuxserver/firefox:latest`."
                      },
                      {
                        "name": "capabilities",
                        "type": "array",
                        "doc": "Features the application supports: `Network`, `Audio`, `Clipboard`, `USB`, `Printing`.",
                        "items": {
                          "name": "capabilities",
                          "type": "string",
                          "doc": "A feature: `Network`, `Audio`, `Clipboard`, `USB` or `Printing`.",
                          "values": [
                            "Network",
                            "Audio",
                            "Clipboard",
                            "USB",
                            "Printing"
                          ]
                        }
                      },
                      {
                        "name": "category",
                        "type": "string",
                        "doc": "Category used to group templates in a catalogue, e.g. `Browsers`."
                      },
                      {
                        "name": "defaultResources",
                        "type": "map",
                        "doc": "Resources of sessions that set none, either flat `{memory: 2Gi, cpu: 1000m}` or `{requests: {...}, limits: {...}}`. When absent the operator's defaults apply (2Gi memory, 1000m CPU).",
                        "fields": [
                          {
                            "name": "cpu",
                            "type": "any",
                            "doc": "CPU for the container, used as both request and limit (flat shape). A Kubernetes quantity, e.g. `1000m` or `2`."
                          },
                          {
                            "name": "limits",
                            "type": "map",
                            "doc": "Maximum resources the container may use, by resource name (Kubernetes shape), e.g. `{memory: 2Gi, cpu: \"1\"}`."
                          },
                          {
                            "name": "memory",
                            "type": "any",
                            "doc": "Memory for the container, used as both request and limit (flat shape). A Kubernetes quantity, e.g. `2Gi` or `512Mi`."
                          },
                          {
                            "name": "requests",
                            "type": "map",
                            "doc": "Minimum resources the container is scheduled with, by resource name (Kubernetes shape), e.g. `{memory: 1Gi, cpu: 500m}`."
                          }
                        ]
                      },
                      {
                        "name": "description",
                        "type": "string",
                        "doc": "Longer description of the application."
                      },
                      {
                        "name": "displayName",
                        "type": "string",
                        "doc": "Human-readable name of the application, e.g. `Firefox`."
                      },
                      {
                        "name": "env",
                        "type": "array",
                        "doc": "Environment variables of the container, e.g. `[{name: TZ, value: UTC}]`.",
                        "items": {
                          "name": "env",
                          "type": "map",
                          "doc": "EnvVar represents an environment variable present in a Container.",
                          "fields": [
                            {
                              "name": "name",
                              "type": "string",
                              "doc": "Name of the environment variable. May consist of any printable ASCII characters except '='."
                            },
                            {
                              "name": "value",
                              "type": "string",
                              "doc": "Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. \"$$(VAR_NAME)\" will produce the string literal \"$(VAR_NAME)\". Escaped references will never be expanded, regardless of whether the variable exists or not. Defaults to \"\"."
                            },
                            {
                              "name": "valueFrom",
                              "type": "map",
                              "doc": "Source for the environment variable's value. Cannot be used if value is not empty.",
                              "fields": [
                                {
                                  "name": "configMapKeyRef",
                                  "type": "map",
                                  "doc": "Selects a key of a ConfigMap.",
                                  "fields": [
                                    {
                                      "name": "key",
                                      "type": "string",
                                      "doc": "The key to select from the ConfigMap's Data field. Keys in the BinaryData field are not currently propagated to container env vars."
                                    },
                                    {
                                      "name": "name",
                                      "type": "string",
                                      "doc": "Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"
                                    },
                                    {
                                      "name": "optional",
                                      "type": "bool",
                                      "doc": "Specify whether the ConfigMap or its key must be defined"
                                    }
                                  ]
                                },
                                {
                                  "name": "fieldRef",
                                  "type": "map",
                                  "doc": "Selects a field of the pod: supports metadata.name, metadata.namespace, `metadata.labels['<KEY>']`, `metadata.annotations['<KEY>']`, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs.",
                                  "fields": [
                                    {
                                      "name": "apiVersion",
                                      "type": "string",
                                      "doc": "Version of the schema the FieldPath is written in terms of, defaults to \"v1\"."
                                    },
                                    {
                                      "name": "fieldPath",
                                      "type": "string",
                                      "doc": "Path of the field to select in the specified API version."
                                    }
                                  ]
                                },
                                {
                                  "name": "fileKeyRef",
                                  "type": "map",
                                  "doc": "FileKeyRef selects a key of the env file. Requires the EnvFiles feature gate to be enabled.",
                                  "fields": [
                                    {
                                      "name": "key",
                                      "type": "string",
                                      "doc": "The key within the env file. An invalid key will prevent the pod from starting. The keys defined within a source may consist of any printable ASCII characters except '='. During Alpha stage of the EnvFiles feature gate, the key size is limited to 128 characters."
                                    },
                                    {
                                      "name": "optional",
                                      "type": "bool",
                                      "doc": "Specify whether the file or its key must be defined. If the file or key does not exist, then the env var is not published. If optional is set to true and the specified key does not exist, the environment variable will not be set in the Pod's containers.\n\nIf optional is set to false and the specified key does not exist, an error will be returned during Pod creation."
                                    },
                                    {
                                      "name": "path",
                                      "type": "string",
                                      "doc": "The path within the volume from which to select the file. Must be relative and may not contain the '..' path or start with '..'."
                                    },
                                    {
                                      "name": "volumeName",
                                      "type": "string",
                                      "doc": "The name of the volume mount containing the env file."
                                    }
                                  ]
                                },
                                {
                                  "name": "resourceFieldRef",
                                  "type": "map",
                                  "doc": "Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory and requests.ephemeral-storage) are currently supported.",
                                  "fields": [
                                    {
                                      "name": "containerName",
                                      "type": "string",
                                      "doc": "Container name: required for volumes, optional for env vars"
                                    },
                                    {
                                      "name": "divisor",
                                      "type": "any",
                                      "doc": "Specifies the output format of the exposed resources, defaults to \"1\""
                                    },
                                    {
                                      "name": "resource",
                                      "type": "string",
                                      "doc": "Required: resource to select"
                                    }
                                  ]
                                },
                                {
                                  "name": "secretKeyRef",
                                  "type": "map",
                                  "doc": "Selects a key of a secret in the pod's namespace",
                                  "fields": [
                                    {
                                      "name": "key",
                                      "type": "string",
                                      "doc": "The key of the secret to select from.  Must be a valid secret key."
                                    },
                                    {
                                      "name": "name",
                                      "type": "string",
                                      "doc": "Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"
                                    },
                                    {
                                      "name": "optional",
                                      "type": "bool",
                                      "doc": "Specify whether the Secret or its key must be defined"
                                    }
                                  ]
                                }
                              ]
                            }
                          ]
                        }
                      },
                      {
                        "name": "icon",
                        "type": "string",
                        "doc": "URL of the application's icon."
                      },
                      {
                        "name": "kasmvnc",
                        "type": "map",
                        "doc": "Legacy KasmVNC settings that many published templates still use instead of `vnc`; honoured when `vnc` is absent.",
                        "fields": [
                          {
                            "name": "enabled",
                            "type": "bool",
                            "doc": "Whether KasmVNC is enabled."
                          },
                          {
                            "name": "port",
                            "type": "int",
                            "doc": "Port KasmVNC listens on, e.g. `3000` for LinuxServer.io images."
                          }
                        ]
                      },
                      {
                        "name": "ports",
                        "type": "array",
                        "doc": "Extra container ports, e.g. `[{name: audio, containerPort: 4713}]`.",
                        "items": {
                          "name": "ports",
                          "type": "map",
                          "doc": "ContainerPort represents a network port in a single container.",
                          "fields": [
                            {
                              "name": "containerPort",
                              "type": "int",
                              "doc": "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536."
                            },
                            {
                              "name": "hostIP",
                              "type": "string",
                              "doc": "What host IP to bind the external port to."
                            },
                            {
                              "name": "hostPort",
                              "type": "int",
                              "doc": "Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536. If HostNetwork is specified, this must match ContainerPort. Most containers do not need this."
                            },
                            {
                              "name": "name",
                              "type": "string",
                              "doc": "If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name. Name for the port that can be referred to by services."
                            },
                            {
                              "name": "protocol",
                              "type": "string",
                              "doc": "Protocol for port. Must be UDP, TCP, or SCTP. Defaults to \"TCP\"."
                            }
                          ]
                        }
                      },
                      {
                        "name": "tags",
                        "type": "array",
                        "doc": "Free-form tags for the catalogue, e.g. `[browser, privacy]`.",
                        "items": {
                          "name": "tags",
                          "type": "string",
                          "doc": "A catalogue tag, e.g. `browser`."
                        }
                      },
                      {
                        "name": "vnc",
                        "type": "map",
                        "doc": "How the desktop is streamed (VNC). When absent, the default policy uses VNC on the legacy `kasmvnc` port, or else on 5900.",
                        "fields": [
                          {
                            "name": "enabled",
                            "type": "bool",
                            "doc": "Whether the image serves a VNC desktop. Default `true`."
                          },
                          {
                            "name": "encryption",
                            "type": "bool",
                            "doc": "Whether the VNC connection is encrypted."
                          },
                          {
                            "name": "port",
                            "type": "int",
                            "doc": "Port the VNC server listens on (1024-65535), e.g. `5900` or `3000`. When absent the default policy uses 5900."
                          },
                          {
                            "name": "protocol",
                            "type": "string",
                            "doc": "Protocol spoken on `port`: `rfb` (raw VNC) or `websocket`.",
                            "values": [
                              "rfb",
                              "websocket"
                            ]
                          }
                        ]
                      },
                      {
                        "name": "volumeMounts",
                        "type": "array",
                        "doc": "Volume mounts of the container, e.g. `[{name: shm, mountPath: /dev/shm}]`.",
                        "items": {
                          "name": "volumeMounts",
                          "type": "map",
                          "doc": "VolumeMount describes a mounting of a Volume within a container.",
                          "fields": [
                            {
                              "name": "bindMountOptions",
                              "type": "array",
                              "doc": "bindMountOptions is the list of additional bind mount options to apply when mounting this volume into the container. Allowed values are noexec, nodev, and nosuid. These are Linux mount options and have no effect on Windows nodes. This field is not supported with image volumes. This is an alpha field and requires enabling the VolumeBindMountOptions feature gate.",
                              "items": {
                                "name": "bindMountOptions",
                                "type": "string",
                                "doc": "A bind mount option: `noexec`, `nodev` or `nosuid`."
                              }
                            },
                            {
                              "name": "mountPath",
                              "type": "string",
                              "doc": "Path within the container at which the volume should be mounted."
                            },
                            {
                              "name": "mountPropagation",
                              "type": "string",
                              "doc": "mountPropagation determines how mounts are propagated from the host to container and the other way around. When not set, MountPropagationNone is used. This field is beta in 1.10. When RecursiveReadOnly is set to IfPossible or to Enabled, MountPropagation must be None or unspecified (which defaults to None)."
                            },
                            {
                              "name": "name",
                              "type": "string",
                              "doc": "This must match the Name of a Volume."
                            },
                            {
                              "name": "readOnly",
                              "type": "bool",
                              "doc": "Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false."
                            },
                            {
                              "name": "recursiveReadOnly",
                              "type": "string",
                              "doc": "RecursiveReadOnly specifies whether read-only mounts should be handled recursively.\n\nIf ReadOnly is false, this field has no meaning and must be unspecified.\n\nIf ReadOnly is true, and this field is set to Disabled, the mount is not made recursively read-only.  If this field is set to IfPossible, the mount is made recursively read-only, if it is supported by the container runtime.  If this field is set to Enabled, the mount is made recursively read-only if it is supported by the container runtime, otherwise the pod will not be started and an error will be generated to indicate the reason.\n\nIf this field is set to IfPossible or Enabled, MountPropagation must be set to None (or be unspecified, which defaults to None).\n\nIf this field is not specified, it is treated as an equivalent of Disabled."
                            },
                            {
                              "name": "subPath",
                              "type": "string",
                              "doc": "Path within the volume from which the container's volume should be mounted. Defaults to \"\" (volume's root)."
                            },
                            {
                              "name": "subPathExpr",
                              "type": "string",
                              "doc": "Expanded path within the volume from which the container's volume should be mounted. Behaves similarly to SubPath but environment variable references $(VAR_NAME) are expanded using the container's environment. Defaults to \"\" (volume's root). SubPathExpr and SubPath are mutually exclusive."
                            }
                          ]
                        }
                      }
                    ]
                  },
                  {
                    "name": "status",
                    "type": "map",
                    "doc": "Observed state of a template, written by the operator.",
                    "fields": [
                      {
                        "name": "conditions",
                        "type": "array",
                        "doc": "Standard conditions, e.g. `Valid`.",
                        "items": {
                          "name": "conditions",
                          "type": "map",
                          "doc": "Condition contains details for one aspect of the current state of this API Resource.",
                          "fields": [
                            {
                              "name": "lastTransitionTime",
                              "type": "string",
                              "doc": "lastTransitionTime is the last time the condition transitioned from one status to another. This should be when the underlying condition changed.  If that is not known, then using the time when the API field changed is acceptable."
                            },
                            {
                              "name": "message",
                              "type": "string",
                              "doc": "message is a human readable message indicating details about the transition. This may be an empty string."
                            },
                            {
                              "name": "observedGeneration",
                              "type": "int",
                              "doc": "observedGeneration represents the .metadata.generation that the condition was set based upon. For instance, if .metadata.generation is currently 12, but the .status.conditions[x].observedGeneration is 9, the condition is out of date with respect to the current state of the instance."
                            },
                            {
                              "name": "reason",
                              "type": "string",
                              "doc": "reason contains a programmatic identifier indicating the reason for the condition's last transition. Producers of specific condition types may define expected values and meanings for this field, and whether the values are considered a guaranteed API. The value should be a CamelCase string. This field may not be empty."
                            },
                            {
                              "name": "status",
                              "type": "string",
                              "doc": "status of the condition, one of True, False, Unknown."
                            },
                            {
                              "name": "type",
                              "type": "string",
                              "doc": "type of condition in CamelCase or in foo.example.com/CamelCase."
                            }
                          ]
                        }
                      },
                      {
                        "name": "message",
                        "type": "string",
                        "doc": "Outcome of validation, e.g. `Template is valid and ready to use`, or what is wrong."
                      },
                      {
                        "name": "valid",
                        "type": "bool",
                        "doc": "Whether the template passed validation."
                      }
                    ]
                  }
                ]
              }
            },
            {
              "name": "quota",
              "type": "map",
              "doc": "The user's quota from the quota ConfigMap: their own entry over the default, field by field. Each limit is `()` when there is none; `cpu` and `memory` are Kubernetes quantities as written there (read them with `cpu_millis` and `memory_bytes`).",
              "fields": [
                {
                  "name": "cpu",
                  "type": "string",
                  "doc": "The CPU all of the user's Sessions may request together, a\nKubernetes quantity as written in the quota data (`\"2\"`, `\"1500m\"`),\nor `()` for no limit."
                },
                {
                  "name": "maxSessions",
                  "type": "int",
                  "doc": "How many Sessions the user may have, or `()` for no limit."
                },
                {
                  "name": "memory",
                  "type": "string",
                  "doc": "The memory all of the user's Sessions may request together, a\nKubernetes quantity as written in the quota data (`\"4Gi\"`), or `()`\nfor no limit."
                }
              ]
            },
            {
              "name": "now",
              "type": "string",
              "doc": "The evaluation clock, RFC 3339 (the same as `now()`), e.g. `\"2026-01-01T12:00:00Z\"`."
            },
            {
              "name": "config",
              "type": "map",
              "doc": "The operator's settings (its command-line flags), as the other scripts get them: `defaultCpu` and `defaultMemory` are what a Session requests when neither it nor its Template sets resources.",
              "fields": [
                {
                  "name": "defaultCpu",
                  "type": "string",
                  "doc": "CPU when neither Session nor Template sets resources."
                },
                {
                  "name": "defaultMemory",
                  "type": "string",
                  "doc": "Memory when neither Session nor Template sets resources."
                },
                {
                  "name": "homeAccessMode",
                  "type": "string",
                  "doc": "Access mode of a home PVC."
                },
                {
                  "name": "homeSize",
                  "type": "string",
                  "doc": "Size of a home PVC."
                },
                {
                  "name": "ingressClass",
                  "type": "string",
                  "doc": "IngressClass of session Ingresses."
                },
                {
                  "name": "ingressDomain",
                  "type": "string",
                  "doc": "Domain of session hosts: `<session>.<ingressDomain>`."
                },
                {
                  "name": "storageClass",
                  "type": "string",
                  "doc": "StorageClass of home PVCs; empty for the cluster default."
                },
                {
                  "name": "vncPort",
                  "type": "int",
                  "doc": "VNC port when a Template names none."
                }
              ]
            }
          ]
        }
      ],
      "called": "every Session created or changed, by the admission webhook (optional: without `admit.rhai` every Session is admitted)",
      "decision": {
        "name": "decision",
        "type": "map",
        "doc": "What `admit` decided for a Session being created or changed: the answer\nof the admission webhook, which kubectl prints.",
        "fields": [
          {
            "name": "allowed",
            "type": "bool",
            "doc": "Whether the API server may store the Session."
          },
          {
            "name": "message",
            "type": "string",
            "doc": "Why it is refused: required when `allowed` is false, shown to the\nuser (`kubectl` prints it after `admission webhook ... denied the\nrequest:`)."
          },
          {
            "name": "warnings",
            "type": "array",
            "doc": "Optional: warnings shown to the user even when it is admitted, e.g.\n`at 90% of your memory quota`.",
            "items": {
              "name": "warnings",
              "type": "string",
              "doc": ""
            }
          }
        ]
      }
    }
  ],
  "inputs": [
    {
      "name": "ctx",
      "type": "map",
      "doc": "The evaluation context of `reconcile`, `idle` and `autostart`: a read-only object. Reading a field gives the script its own copy, so changing what it read never changes `ctx`; assigning a field of `ctx` is an error. `ctx.keys()` lists the fields and `ctx[\"session\"]` works too.",
      "fields": [
        {
          "name": "session",
          "type": "map",
          "doc": "The Session, with the defaults of its spec filled in (`state` `running`, `persistentHome` `true`, `idleTimeout` `30m`, `maxSessionDuration` `8h`); its `status` is always a map.",
          "fields": [
            {
              "name": "apiVersion",
              "type": "string",
              "doc": "`\"stream.space/v1alpha1\"`.",
              "values": [
                "stream.space/v1alpha1"
              ]
            },
            {
              "name": "kind",
              "type": "string",
              "doc": "`\"Session\"`.",
              "values": [
                "Session"
              ]
            },
            {
              "name": "metadata",
              "type": "map",
              "doc": "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
              "fields": [
                {
                  "name": "annotations",
                  "type": "map",
                  "doc": "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations"
                },
                {
                  "name": "creationTimestamp",
                  "type": "string",
                  "doc": "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                },
                {
                  "name": "deletionGracePeriodSeconds",
                  "type": "int",
                  "doc": "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only."
                },
                {
                  "name": "deletionTimestamp",
                  "type": "string",
                  "doc": "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty. As long as the finalizers list contains items, deletion is blocked. Once the deletionTimestamp is set, this value may not be unset or be set further into the future, although it may be shortened or the resource may be deleted prior to this time. For example, a user may request that a pod is deleted in 30 seconds. The Kubelet will react by sending a graceful termination signal to the containers in the pod. After that 30 seconds, the Kubelet will send a hard termination signal (SIGKILL) to the container and after cleanup, remove the pod from the API. In the presence of network partitions, this object may still exist after this timestamp, until an administrator or automated process can determine the resource is fully terminated. If not set, graceful deletion of the object has not been requested.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                },
                {
                  "name": "finalizers",
                  "type": "array",
                  "doc": "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.  Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it. If the finalizer list is processed in order, then this can lead to a situation in which the component responsible for the first finalizer in the list is waiting for a signal (field value, external system, or other) produced by a component responsible for a finalizer later in the list, resulting in a deadlock. Without enforced ordering finalizers are free to order amongst themselves and are not vulnerable to ordering changes in the list."
                },
                {
                  "name": "generateName",
                  "type": "string",
                  "doc": "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only if Name is not specified. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#idempotency"
                },
                {
                  "name": "generation",
                  "type": "int",
                  "doc": "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only."
                },
                {
                  "name": "labels",
                  "type": "map",
                  "doc": "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels"
                },
                {
                  "name": "managedFields",
                  "type": "array",
                  "doc": "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field. A workflow can be the user's name, a controller's name, or the name of a specific apply path like \"ci-cd\". The set of fields is always in the version that the workflow used when modifying the object."
                },
                {
                  "name": "name",
                  "type": "string",
                  "doc": "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
                },
                {
                  "name": "namespace",
                  "type": "string",
                  "doc": "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces"
                },
                {
                  "name": "ownerReferences",
                  "type": "array",
                  "doc": "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller."
                },
                {
                  "name": "resourceVersion",
                  "type": "string",
                  "doc": "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency"
                },
                {
                  "name": "selfLink",
                  "type": "string",
                  "doc": "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."
                },
                {
                  "name": "uid",
                  "type": "string",
                  "doc": "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"
                }
              ]
            },
            {
              "name": "spec",
              "type": "map",
              "doc": "Desired state of a StreamSpace session: which user runs which Template, whether it should be running, and its limits.",
              "fields": [
                {
                  "name": "idleTimeout",
                  "type": "string",
                  "doc": "How long the session may be idle (no activity) before it is hibernated. A duration of whole numbers with units `h`, `m`, `s`, e.g. `30m`, `1h30m`. Default `30m`."
                },
                {
                  "name": "maxSessionDuration",
                  "type": "string",
                  "doc": "How long the session may exist before it is ended, however active. A duration of whole numbers with units `h`, `m`, `s`, e.g. `8h`, `12h30m`. Default `8h`."
                },
                {
                  "name": "persistentHome",
                  "type": "bool",
                  "doc": "Whether the user's persistent home volume is mounted at `/config`. Default `true`."
                },
                {
                  "name": "resources",
                  "type": "map",
                  "doc": "Compute resources, either flat `{memory: 2Gi, cpu: 1000m}` or `{requests: {...}, limits: {...}}`. When absent, the Template's `defaultResources` apply.",
                  "fields": [
                    {
                      "name": "cpu",
                      "type": "any",
                      "doc": "CPU for the container, used as both request and limit (flat shape). A Kubernetes quantity, e.g. `1000m` or `2`."
                    },
                    {
                      "name": "limits",
                      "type": "map",
                      "doc": "Maximum resources the container may use, by resource name (Kubernetes shape), e.g. `{memory: 2Gi, cpu: \"1\"}`."
                    },
                    {
                      "name": "memory",
                      "type": "any",
                      "doc": "Memory for the container, used as both request and limit (flat shape). A Kubernetes quantity, e.g. `2Gi` or `512Mi`."
                    },
                    {
                      "name": "requests",
                      "type": "map",
                      "doc": "Minimum resources the container is scheduled with, by resource name (Kubernetes shape), e.g. `{memory: 1Gi, cpu: 500m}`."
                    }
                  ]
                },
                {
                  "name": "state",
                  "type": "string",
                  "doc": "Desired state: `running`, `hibernated` (scaled to zero, home kept) or `terminated` (workload deleted). Default `running`.",
                  "values": [
                    "running",
                    "hibernated",
                    "terminated"
                  ]
                },
                {
                  "name": "tags",
                  "type": "array",
                  "doc": "Free-form tags; each becomes the pod label `tag.stream.space/<tag>: \"true\"`. Default empty, e.g. `[dev, team-a]`.",
                  "items": {
                    "name": "tags",
                    "type": "string",
                    "doc": "A tag, e.g. `dev`."
                  }
                },
                {
                  "name": "template",
                  "type": "string",
                  "doc": "Name of the Template (in the session's namespace) to run: any Template name (a DNS subdomain, at most 253 characters), e.g. `firefox` or `changedetection.io`."
                },
                {
                  "name": "user",
                  "type": "string",
                  "doc": "Name of the user who owns the session. A DNS label (lower case letters, digits and `-`, at most 63 characters), e.g. `alice`."
                }
              ]
            },
            {
              "name": "status",
              "type": "map",
              "doc": "Observed state of a session, written by the operator.",
              "fields": [
                {
                  "name": "conditions",
                  "type": "array",
                  "doc": "Standard conditions, e.g. `Ready` and `TemplateResolved`.",
                  "items": {
                    "name": "conditions",
                    "type": "map",
                    "doc": "Condition contains details for one aspect of the current state of this API Resource.",
                    "fields": [
                      {
                        "name": "lastTransitionTime",
                        "type": "string",
                        "doc": "lastTransitionTime is the last time the condition transitioned from one status to another. This should be when the underlying condition changed.  If that is not known, then using the time when the API field changed is acceptable."
                      },
                      {
                        "name": "message",
                        "type": "string",
                        "doc": "message is a human readable message indicating details about the transition. This may be an empty string."
                      },
                      {
                        "name": "observedGeneration",
                        "type": "int",
                        "doc": "observedGeneration represents the .metadata.generation that the condition was set based upon. For instance, if .metadata.generation is currently 12, but the .status.conditions[x].observedGeneration is 9, the condition is out of date with respect to the current state of the instance."
                      },
                      {
                        "name": "reason",
                        "type": "string",
                        "doc": "reason contains a programmatic identifier indicating the reason for the condition's last transition. Producers of specific condition types may define expected values and meanings for this field, and whether the values are considered a guaranteed API. The value should be a CamelCase string. This field may not be empty."
                      },
                      {
                        "name": "status",
                        "type": "string",
                        "doc": "status of the condition, one of True, False, Unknown."
                      },
                      {
                        "name": "type",
                        "type": "string",
                        "doc": "type of condition in CamelCase or in foo.example.com/CamelCase."
                      }
                    ]
                  }
                },
                {
                  "name": "lastActivity",
                  "type": "string",
                  "doc": "Time of the last user activity (RFC 3339, e.g. `2026-01-01T12:00:00Z`); the idle timeout counts from here."
                },
                {
                  "name": "observedGeneration",
                  "type": "int",
                  "doc": "The `metadata.generation` of the spec that was last reconciled."
                },
                {
                  "name": "phase",
                  "type": "string",
                  "doc": "Lifecycle phase: `Pending` (starting), `Running` (ready), `Hibernated`, `Failed` or `Terminated`.",
                  "values": [
                    "Pending",
                    "Running",
                    "Hibernated",
                    "Failed",
                    "Terminated"
                  ]
                },
                {
                  "name": "podName",
                  "type": "string",
                  "doc": "Name of the pod running the session, when there is one."
                },
                {
                  "name": "resourceUsage",
                  "type": "map",
                  "doc": "Resources the session was last seen using (kept for StreamSpace compatibility).",
                  "fields": [
                    {
                      "name": "cpu",
                      "type": "string",
                      "doc": "CPU in use, e.g. `250m`."
                    },
                    {
                      "name": "memory",
                      "type": "string",
                      "doc": "Memory in use, e.g. `1.2Gi`."
                    }
                  ]
                },
                {
                  "name": "scriptVersion",
                  "type": "string",
                  "doc": "Version (content hash) of the policy scripts that last reconciled the session."
                },
                {
                  "name": "url",
                  "type": "string",
                  "doc": "URL at which the user reaches the session, e.g. `https://alice-firefox-1a2b3c4d.streamspace.local`. Absent while hibernated."
                }
              ]
            }
          ]
        },
        {
          "name": "template",
          "type": "map",
          "doc": "The Session's Template, or `()` when it does not exist.",
          "fields": [
            {
              "name": "apiVersion",
              "type": "string",
              "doc": "`\"stream.space/v1alpha1\"`.",
              "values": [
                "stream.space/v1alpha1"
              ]
            },
            {
              "name": "kind",
              "type": "string",
              "doc": "`\"Template\"`.",
              "values": [
                "Template"
              ]
            },
            {
              "name": "metadata",
              "type": "map",
              "doc": "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
              "fields": [
                {
                  "name": "annotations",
                  "type": "map",
                  "doc": "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations"
                },
                {
                  "name": "creationTimestamp",
                  "type": "string",
                  "doc": "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                },
                {
                  "name": "deletionGracePeriodSeconds",
                  "type": "int",
                  "doc": "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only."
                },
                {
                  "name": "deletionTimestamp",
                  "type": "string",
                  "doc": "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty. As long as the finalizers list contains items, deletion is blocked. Once the deletionTimestamp is set, this value may not be unset or be set further into the future, although it may be shortened or the resource may be deleted prior to this time. For example, a user may request that a pod is deleted in 30 seconds. The Kubelet will react by sending a graceful termination signal to the containers in the pod. After that 30 seconds, the Kubelet will send a hard termination signal (SIGKILL) to the container and after cleanup, remove the pod from the API. In the presence of network partitions, this object may still exist after this timestamp, until an administrator or automated process can determine the resource is fully terminated. If not set, graceful deletion of the object has not been requested.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                },
                {
                  "name": "finalizers",
                  "type": "array",
                  "doc": "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.  Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it. If the finalizer list is processed in order, then this can lead to a situation in which the component responsible for the first finalizer in the list is waiting for a signal (field value, external system, or other) produced by a component responsible for a finalizer later in the list, resulting in a deadlock. Without enforced ordering finalizers are free to order amongst themselves and are not vulnerable to ordering changes in the list."
                },
                {
                  "name": "generateName",
                  "type": "string",
                  "doc": "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only if Name is not specified. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#idempotency"
                },
                {
                  "name": "generation",
                  "type": "int",
                  "doc": "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only."
                },
                {
                  "name": "labels",
                  "type": "map",
                  "doc": "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels"
                },
                {
                  "name": "managedFields",
                  "type": "array",
                  "doc": "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field. A workflow can be the user's name, a controller's name, or the name of a specific apply path like \"ci-cd\". The set of fields is always in the version that the workflow used when modifying the object."
                },
                {
                  "name": "name",
                  "type": "string",
                  "doc": "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
                },
                {
                  "name": "namespace",
                  "type": "string",
                  "doc": "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces"
                },
                {
                  "name": "ownerReferences",
                  "type": "array",
                  "doc": "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller."
                },
                {
                  "name": "resourceVersion",
                  "type": "string",
                  "doc": "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency"
                },
                {
                  "name": "selfLink",
                  "type": "string",
                  "doc": "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."
                },
                {
                  "name": "uid",
                  "type": "string",
                  "doc": "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"
                }
              ]
            },
            {
              "name": "spec",
              "type": "map",
              "doc": "An application that StreamSpace sessions can run: its image, ports, environment and how its desktop is streamed.",
              "fields": [
                {
                  "name": "baseImage",
                  "type": "string",
                  "doc": "Container image the session runs, e.g. `lscr.io/linuxserver/firefox:latest`."
                },
                {
                  "name": "capabilities",
                  "type": "array",
                  "doc": "Features the application supports: `Network`, `Audio`, `Clipboard`, `USB`, `Printing`.",
                  "items": {
                    "name": "capabilities",
                    "type": "string",
                    "doc": "A feature: `Network`, `Audio`, `Clipboard`, `USB` or `Printing`.",
                    "values": [
                      "Network",
                      "Audio",
                      "Clipboard",
                      "USB",
                      "Printing"
                    ]
                  }
                },
                {
                  "name": "category",
                  "type": "string",
                  "doc": "Category used to group templates in a catalogue, e.g. `Browsers`."
                },
                {
                  "name": "defaultResources",
                  "type": "map",
                  "doc": "Resources of sessions that set none, either flat `{memory: 2Gi, cpu: 1000m}` or `{requests: {...}, limits: {...}}`. When absent the operator's defaults apply (2Gi memory, 1000m CPU).",
                  "fields": [
                    {
                      "name": "cpu",
                      "type": "any",
                      "doc": "CPU for the container, used as both request and limit (flat shape). A Kubernetes quantity, e.g. `1000m` or `2`."
                    },
                    {
                      "name": "limits",
                      "type": "map",
                      "doc": "Maximum resources the container may use, by resource name (Kubernetes shape), e.g. `{memory: 2Gi, cpu: \"1\"}`."
                    },
                    {
                      "name": "memory",
                      "type": "any",
                      "doc": "Memory for the container, used as both request and limit (flat shape). A Kubernetes quantity, e.g. `2Gi` or `512Mi`."
                    },
                    {
                      "name": "requests",
                      "type": "map",
                      "doc": "Minimum resources the container is scheduled with, by resource name (Kubernetes shape), e.g. `{memory: 1Gi, cpu: 500m}`."
                    }
                  ]
                },
                {
                  "name": "description",
                  "type": "string",
                  "doc": "Longer description of the application."
                },
                {
                  "name": "displayName",
                  "type": "string",
                  "doc": "Human-readable name of the application, e.g. `Firefox`."
                },
                {
                  "name": "env",
                  "type": "array",
                  "doc": "Environment variables of the container, e.g. `[{name: TZ, value: UTC}]`.",
                  "items": {
                    "name": "env",
                    "type": "map",
                    "doc": "EnvVar represents an environment variable present in a Container.",
                    "fields": [
                      {
                        "name": "name",
                        "type": "string",
                        "doc": "Name of the environment variable. May consist of any printable ASCII characters except '='."
                      },
                      {
                        "name": "value",
                        "type": "string",
                        "doc": "Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. \"$$(VAR_NAME)\" will produce the string literal \"$(VAR_NAME)\". Escaped references will never be expanded, regardless of whether the variable exists or not. Defaults to \"\"."
                      },
                      {
                        "name": "valueFrom",
                        "type": "map",
                        "doc": "Source for the environment variable's value. Cannot be used if value is not empty.",
                        "fields": [
                          {
                            "name": "configMapKeyRef",
                            "type": "map",
                            "doc": "Selects a key of a ConfigMap.",
                            "fields": [
                              {
                                "name": "key",
                                "type": "string",
                                "doc": "The key to select from the ConfigMap's Data field. Keys in the BinaryData field are not currently propagated to container env vars."
                              },
                              {
                                "name": "name",
                                "type": "string",
                                "doc": "Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"
                              },
                              {
                                "name": "optional",
                                "type": "bool",
                                "doc": "Specify whether the ConfigMap or its key must be defined"
                              }
                            ]
                          },
                          {
                            "name": "fieldRef",
                            "type": "map",
                            "doc": "Selects a field of the pod: supports metadata.name, metadata.namespace, `metadata.labels['<KEY>']`, `metadata.annotations['<KEY>']`, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs.",
                            "fields": [
                              {
                                "name": "apiVersion",
                                "type": "string",
                                "doc": "Version of the schema the FieldPath is written in terms of, defaults to \"v1\"."
                              },
                              {
                                "name": "fieldPath",
                                "type": "string",
                                "doc": "Path of the field to select in the specified API version."
                              }
                            ]
                          },
                          {
                            "name": "fileKeyRef",
                            "type": "map",
                            "doc": "FileKeyRef selects a key of the env file. Requires the EnvFiles feature gate to be enabled.",
                            "fields": [
                              {
                                "name": "key",
                                "type": "string",
                                "doc": "The key within the env file. An invalid key will prevent the pod from starting. The keys defined within a source may consist of any printable ASCII characters except '='. During Alpha stage of the EnvFiles feature gate, the key size is limited to 128 characters."
                              },
                              {
                                "name": "optional",
                                "type": "bool",
                                "doc": "Specify whether the file or its key must be defined. If the file or key does not exist, then the env var is not published. If optional is set to true and the specified key does not exist, the environment variable will not be set in the Pod's containers.\n\nIf optional is set to false and the specified key does not exist, an error will be returned during Pod creation."
                              },
                              {
                                "name": "path",
                                "type": "string",
                                "doc": "The path within the volume from which to select the file. Must be relative and may not contain the '..' path or start with '..'."
                              },
                              {
                                "name": "volumeName",
                                "type": "string",
                                "doc": "The name of the volume mount containing the env file."
                              }
                            ]
                          },
                          {
                            "name": "resourceFieldRef",
                            "type": "map",
                            "doc": "Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory and requests.ephemeral-storage) are currently supported.",
                            "fields": [
                              {
                                "name": "containerName",
                                "type": "string",
                                "doc": "Container name: required for volumes, optional for env vars"
                              },
                              {
                                "name": "divisor",
                                "type": "any",
                                "doc": "Specifies the output format of the exposed resources, defaults to \"1\""
                              },
                              {
                                "name": "resource",
                                "type": "string",
                                "doc": "Required: resource to select"
                              }
                            ]
                          },
                          {
                            "name": "secretKeyRef",
                            "type": "map",
                            "doc": "Selects a key of a secret in the pod's namespace",
                            "fields": [
                              {
                                "name": "key",
                                "type": "string",
                                "doc": "The key of the secret to select from.  Must be a valid secret key."
                              },
                              {
                                "name": "name",
                                "type": "string",
                                "doc": "Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"
                              },
                              {
                                "name": "optional",
                                "type": "bool",
                                "doc": "Specify whether the Secret or its key must be defined"
                              }
                            ]
                          }
                        ]
                      }
                    ]
                  }
                },
                {
                  "name": "icon",
                  "type": "string",
                  "doc": "URL of the application's icon."
                },
                {
                  "name": "kasmvnc",
                  "type": "map",
                  "doc": "Legacy KasmVNC settings that many published templates still use instead of `vnc`; honoured when `vnc` is absent.",
                  "fields": [
                    {
                      "name": "enabled",
                      "type": "bool",
                      "doc": "Whether KasmVNC is enabled."
                    },
                    {
                      "name": "port",
                      "type": "int",
                      "doc": "Port KasmVNC listens on, e.g. `3000` for LinuxServer.io images."
                    }
                  ]
                },
                {
                  "name": "ports",
                  "type": "array",
                  "doc": "Extra container ports, e.g. `[{name: audio, containerPort: 4713}]`.",
                  "items": {
                    "name": "ports",
                    "type": "map",
                    "doc": "ContainerPort represents a network port in a single container.",
                    "fields": [
                      {
                        "name": "containerPort",
                        "type": "int",
                        "doc": "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536."
                      },
                      {
                        "name": "hostIP",
                        "type": "string",
                        "doc": "What host IP to bind the external port to."
                      },
                      {
                        "name": "hostPort",
                        "type": "int",
                        "doc": "Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536. If HostNetwork is specified, this must match ContainerPort. Most containers do not need this."
                      },
                      {
                        "name": "name",
                        "type": "string",
                        "doc": "If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name. Name for the port that can be referred to by services."
                      },
                      {
                        "name": "protocol",
                        "type": "string",
                        "doc": "Protocol for port. Must be UDP, TCP, or SCTP. Defaults to \"TCP\"."
                      }
                    ]
                  }
                },
                {
                  "name": "tags",
                  "type": "array",
                  "doc": "Free-form tags for the catalogue, e.g. `[browser, privacy]`.",
                  "items": {
                    "name": "tags",
                    "type": "string",
                    "doc": "A catalogue tag, e.g. `browser`."
                  }
                },
                {
                  "name": "vnc",
                  "type": "map",
                  "doc": "How the desktop is streamed (VNC). When absent, the default policy uses VNC on the legacy `kasmvnc` port, or else on 5900.",
                  "fields": [
                    {
                      "name": "enabled",
                      "type": "bool",
                      "doc": "Whether the image serves a VNC desktop. Default `true`."
                    },
                    {
                      "name": "encryption",
                      "type": "bool",
                      "doc": "Whether the VNC connection is encrypted."
                    },
                    {
                      "name": "port",
                      "type": "int",
                      "doc": "Port the VNC server listens on (1024-65535), e.g. `5900` or `3000`. When absent the default policy uses 5900."
                    },
                    {
                      "name": "protocol",
                      "type": "string",
                      "doc": "Protocol spoken on `port`: `rfb` (raw VNC) or `websocket`.",
                      "values": [
                        "rfb",
                        "websocket"
                      ]
                    }
                  ]
                },
                {
                  "name": "volumeMounts",
                  "type": "array",
                  "doc": "Volume mounts of the container, e.g. `[{name: shm, mountPath: /dev/shm}]`.",
                  "items": {
                    "name": "volumeMounts",
                    "type": "map",
                    "doc": "VolumeMount describes a mounting of a Volume within a container.",
                    "fields": [
                      {
                        "name": "bindMountOptions",
                        "type": "array",
                        "doc": "bindMountOptions is the list of additional bind mount options to apply when mounting this volume into the container. Allowed values are noexec, nodev, and nosuid. These are Linux mount options and have no effect on Windows nodes. This field is not supported with image volumes. This is an alpha field and requires enabling the VolumeBindMountOptions feature gate.",
                        "items": {
                          "name": "bindMountOptions",
                          "type": "string",
                          "doc": "A bind mount option: `noexec`, `nodev` or `nosuid`."
                        }
                      },
                      {
                        "name": "mountPath",
                        "type": "string",
                        "doc": "Path within the container at which the volume should be mounted."
                      },
                      {
                        "name": "mountPropagation",
                        "type": "string",
                        "doc": "mountPropagation determines how mounts are propagated from the host to container and the other way around. When not set, MountPropagationNone is used. This field is beta in 1.10. When RecursiveReadOnly is set to IfPossible or to Enabled, MountPropagation must be None or unspecified (which defaults to None)."
                      },
                      {
                        "name": "name",
                        "type": "string",
                        "doc": "This must match the Name of a Volume."
                      },
                      {
                        "name": "readOnly",
                        "type": "bool",
                        "doc": "Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false."
                      },
                      {
                        "name": "recursiveReadOnly",
                        "type": "string",
                        "doc": "RecursiveReadOnly specifies whether read-only mounts should be handled recursively.\n\nIf ReadOnly is false, this field has no meaning and must be unspecified.\n\nIf ReadOnly is true, and this field is set to Disabled, the mount is not made recursively read-only.  If this field is set to IfPossible, the mount is made recursively read-only, if it is supported by the container runtime.  If this field is set to Enabled, the mount is made recursively read-only if it is supported by the container runtime, otherwise the pod will not be started and an error will be generated to indicate the reason.\n\nIf this field is set to IfPossible or Enabled, MountPropagation must be set to None (or be unspecified, which defaults to None).\n\nIf this field is not specified, it is treated as an equivalent of Disabled."
                      },
                      {
                        "name": "subPath",
                        "type": "string",
                        "doc": "Path within the volume from which the container's volume should be mounted. Defaults to \"\" (volume's root)."
                      },
                      {
                        "name": "subPathExpr",
                        "type": "string",
                        "doc": "Expanded path within the volume from which the container's volume should be mounted. Behaves similarly to SubPath but environment variable references $(VAR_NAME) are expanded using the container's environment. Defaults to \"\" (volume's root). SubPathExpr and SubPath are mutually exclusive."
                      }
                    ]
                  }
                }
              ]
            },
            {
              "name": "status",
              "type": "map",
              "doc": "Observed state of a template, written by the operator.",
              "fields": [
                {
                  "name": "conditions",
                  "type": "array",
                  "doc": "Standard conditions, e.g. `Valid`.",
                  "items": {
                    "name": "conditions",
                    "type": "map",
                    "doc": "Condition contains details for one aspect of the current state of this API Resource.",
                    "fields": [
                      {
                        "name": "lastTransitionTime",
                        "type": "string",
                        "doc": "lastTransitionTime is the last time the condition transitioned from one status to another. This should be when the underlying condition changed.  If that is not known, then using the time when the API field changed is acceptable."
                      },
                      {
                        "name": "message",
                        "type": "string",
                        "doc": "message is a human readable message indicating details about the transition. This may be an empty string."
                      },
                      {
                        "name": "observedGeneration",
                        "type": "int",
                        "doc": "observedGeneration represents the .metadata.generation that the condition was set based upon. For instance, if .metadata.generation is currently 12, but the .status.conditions[x].observedGeneration is 9, the condition is out of date with respect to the current state of the instance."
                      },
                      {
                        "name": "reason",
                        "type": "string",
                        "doc": "reason contains a programmatic identifier indicating the reason for the condition's last transition. Producers of specific condition types may define expected values and meanings for this field, and whether the values are considered a guaranteed API. The value should be a CamelCase string. This field may not be empty."
                      },
                      {
                        "name": "status",
                        "type": "string",
                        "doc": "status of the condition, one of True, False, Unknown."
                      },
                      {
                        "name": "type",
                        "type": "string",
                        "doc": "type of condition in CamelCase or in foo.example.com/CamelCase."
                      }
                    ]
                  }
                },
                {
                  "name": "message",
                  "type": "string",
                  "doc": "Outcome of validation, e.g. `Template is valid and ready to use`, or what is wrong."
                },
                {
                  "name": "valid",
                  "type": "bool",
                  "doc": "Whether the template passed validation."
                }
              ]
            }
          ]
        },
        {
          "name": "children",
          "type": "map",
          "doc": "The Session's children observed in the cluster, by kind: every child kind is present, each a list (empty when none is observed). Each object has its metadata (without `resourceVersion`, `managedFields` and the annotations its kind's controller writes), its spec, and of its status only the fields a decision reads (Deployment `readyReplicas` and `availableReplicas`, PersistentVolumeClaim `phase`, Service and Ingress `loadBalancer`): a change of anything else reconciles nothing.",
          "fields": [
            {
              "name": "Deployment",
              "type": "array",
              "doc": "The Session's Deployment objects (`apps/v1`); empty when there are none.",
              "items": {
                "name": "Deployment",
                "type": "map",
                "doc": "Deployment enables declarative updates for Pods and ReplicaSets.",
                "fields": [
                  {
                    "name": "apiVersion",
                    "type": "string",
                    "doc": "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources"
                  },
                  {
                    "name": "kind",
                    "type": "string",
                    "doc": "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"
                  },
                  {
                    "name": "metadata",
                    "type": "map",
                    "doc": "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
                    "fields": [
                      {
                        "name": "annotations",
                        "type": "map",
                        "doc": "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations"
                      },
                      {
                        "name": "creationTimestamp",
                        "type": "string",
                        "doc": "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                      },
                      {
                        "name": "deletionGracePeriodSeconds",
                        "type": "int",
                        "doc": "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only."
                      },
                      {
                        "name": "deletionTimestamp",
                        "type": "string",
                        "doc": "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty. As long as the finalizers list contains items, deletion is blocked. Once the deletionTimestamp is set, this value may not be unset or be set further into the future, although it may be shortened or the resource may be deleted prior to this time. For example, a user may request that a pod is deleted in 30 seconds. The Kubelet will react by sending a graceful termination signal to the containers in the pod. After that 30 seconds, the Kubelet will send a hard termination signal (SIGKILL) to the container and after cleanup, remove the pod from the API. In the presence of network partitions, this object may still exist after this timestamp, until an administrator or automated process can determine the resource is fully terminated. If not set, graceful deletion of the object has not been requested.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                      },
                      {
                        "name": "finalizers",
                        "type": "array",
                        "doc": "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.  Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it. If the finalizer list is processed in order, then this can lead to a situation in which the component responsible for the first finalizer in the list is waiting for a signal (field value, external system, or other) produced by a component responsible for a finalizer later in the list, resulting in a deadlock. Without enforced ordering finalizers are free to order amongst themselves and are not vulnerable to ordering changes in the list."
                      },
                      {
                        "name": "generateName",
                        "type": "string",
                        "doc": "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only if Name is not specified. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#idempotency"
                      },
                      {
                        "name": "generation",
                        "type": "int",
                        "doc": "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only."
                      },
                      {
                        "name": "labels",
                        "type": "map",
                        "doc": "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels"
                      },
                      {
                        "name": "managedFields",
                        "type": "array",
                        "doc": "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field. A workflow can be the user's name, a controller's name, or the name of a specific apply path like \"ci-cd\". The set of fields is always in the version that the workflow used when modifying the object."
                      },
                      {
                        "name": "name",
                        "type": "string",
                        "doc": "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
                      },
                      {
                        "name": "namespace",
                        "type": "string",
                        "doc": "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces"
                      },
                      {
                        "name": "ownerReferences",
                        "type": "array",
                        "doc": "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller."
                      },
                      {
                        "name": "resourceVersion",
                        "type": "string",
                        "doc": "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency"
                      },
                      {
                        "name": "selfLink",
                        "type": "string",
                        "doc": "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."
                      },
                      {
                        "name": "uid",
                        "type": "string",
                        "doc": "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"
                      }
                    ]
                  },
                  {
                    "name": "spec",
                    "type": "map",
                    "doc": "Specification of the desired behavior of the Deployment.",
                    "fields": [
                      {
                        "name": "minReadySeconds",
                        "type": "int",
                        "doc": "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)"
                      },
                      {
                        "name": "paused",
                        "type": "bool",
                        "doc": "Indicates that the deployment is paused."
                      },
                      {
                        "name": "progressDeadlineSeconds",
                        "type": "int",
                        "doc": "The maximum time in seconds for a deployment to make progress before it is considered to be failed. The deployment controller will continue to process failed deployments and a condition with a ProgressDeadlineExceeded reason will be surfaced in the deployment status. Note that progress will not be estimated during the time a deployment is paused. Defaults to 600s."
                      },
                      {
                        "name": "replicas",
                        "type": "int",
                        "doc": "Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1."
                      },
                      {
                        "name": "revisionHistoryLimit",
                        "type": "int",
                        "doc": "The number of old ReplicaSets to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10."
                      },
                      {
                        "name": "selector",
                        "type": "map",
                        "doc": "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels."
                      },
                      {
                        "name": "strategy",
                        "type": "map",
                        "doc": "The deployment strategy to use to replace existing pods with new ones."
                      },
                      {
                        "name": "template",
                        "type": "map",
                        "doc": "Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is \"Always\"."
                      }
                    ]
                  },
                  {
                    "name": "status",
                    "type": "map",
                    "doc": "Most recently observed status of the Deployment.",
                    "fields": [
                      {
                        "name": "availableReplicas",
                        "type": "int",
                        "doc": "Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment."
                      },
                      {
                        "name": "readyReplicas",
                        "type": "int",
                        "doc": "Total number of non-terminating pods targeted by this Deployment with a Ready Condition."
                      }
                    ]
                  }
                ]
              }
            },
            {
              "name": "Service",
              "type": "array",
              "doc": "The Session's Service objects (`v1`); empty when there are none.",
              "items": {
                "name": "Service",
                "type": "map",
                "doc": "Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.",
                "fields": [
                  {
                    "name": "apiVersion",
                    "type": "string",
                    "doc": "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources"
                  },
                  {
                    "name": "kind",
                    "type": "string",
                    "doc": "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"
                  },
                  {
                    "name": "metadata",
                    "type": "map",
                    "doc": "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
                    "fields": [
                      {
                        "name": "annotations",
                        "type": "map",
                        "doc": "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations"
                      },
                      {
                        "name": "creationTimestamp",
                        "type": "string",
                        "doc": "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                      },
                      {
                        "name": "deletionGracePeriodSeconds",
                        "type": "int",
                        "doc": "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only."
                      },
                      {
                        "name": "deletionTimestamp",
                        "type": "string",
                        "doc": "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty. As long as the finalizers list contains items, deletion is blocked. Once the deletionTimestamp is set, this value may not be unset or be set further into the future, although it may be shortened or the resource may be deleted prior to this time. For example, a user may request that a pod is deleted in 30 seconds. The Kubelet will react by sending a graceful termination signal to the containers in the pod. After that 30 seconds, the Kubelet will send a hard termination signal (SIGKILL) to the container and after cleanup, remove the pod from the API. In the presence of network partitions, this object may still exist after this timestamp, until an administrator or automated process can determine the resource is fully terminated. If not set, graceful deletion of the object has not been requested.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                      },
                      {
                        "name": "finalizers",
                        "type": "array",
                        "doc": "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.  Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it. If the finalizer list is processed in order, then this can lead to a situation in which the component responsible for the first finalizer in the list is waiting for a signal (field value, external system, or other) produced by a component responsible for a finalizer later in the list, resulting in a deadlock. Without enforced ordering finalizers are free to order amongst themselves and are not vulnerable to ordering changes in the list."
                      },
                      {
                        "name": "generateName",
                        "type": "string",
                        "doc": "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only if Name is not specified. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#idempotency"
                      },
                      {
                        "name": "generation",
                        "type": "int",
                        "doc": "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only."
                      },
                      {
                        "name": "labels",
                        "type": "map",
                        "doc": "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels"
                      },
                      {
                        "name": "managedFields",
                        "type": "array",
                        "doc": "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field. A workflow can be the user's name, a controller's name, or the name of a specific apply path like \"ci-cd\". The set of fields is always in the version that the workflow used when modifying the object."
                      },
                      {
                        "name": "name",
                        "type": "string",
                        "doc": "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
                      },
                      {
                        "name": "namespace",
                        "type": "string",
                        "doc": "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces"
                      },
                      {
                        "name": "ownerReferences",
                        "type": "array",
                        "doc": "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller."
                      },
                      {
                        "name": "resourceVersion",
                        "type": "string",
                        "doc": "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency"
                      },
                      {
                        "name": "selfLink",
                        "type": "string",
                        "doc": "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."
                      },
                      {
                        "name": "uid",
                        "type": "string",
                        "doc": "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"
                      }
                    ]
                  },
                  {
                    "name": "spec",
                    "type": "map",
                    "doc": "Spec defines the behavior of a service. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
                    "fields": [
                      {
                        "name": "allocateLoadBalancerNodePorts",
                        "type": "bool",
                        "doc": "allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for services with type LoadBalancer.  Default is \"true\". It may be set to \"false\" if the cluster load-balancer does not rely on NodePorts.  If the caller requests specific NodePorts (by specifying a value), those requests will be respected, regardless of this field. This field may only be set for services with type LoadBalancer and will be cleared if the type is changed to any other type."
                      },
                      {
                        "name": "clusterIP",
                        "type": "string",
                        "doc": "clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are \"None\", empty string (\"\"), or a valid IP address. Setting this to \"None\" makes a \"headless service\" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"
                      },
                      {
                        "name": "clusterIPs",
                        "type": "array",
                        "doc": "ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly.  If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be empty) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are \"None\", empty string (\"\"), or a valid IP address.  Setting this to \"None\" makes a \"headless service\" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName.  If this field is not specified, it will be initialized from the clusterIP field.  If this field is specified, clients must ensure that clusterIPs[0] and clusterIP have the same value.\n\nThis field may hold a maximum of two entries (dual-stack IPs, in either order). These IPs must correspond to the values of the ipFamilies field. Both clusterIPs and ipFamilies are governed by the ipFamilyPolicy field. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"
                      },
                      {
                        "name": "externalIPs",
                        "type": "array",
                        "doc": "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system."
                      },
                      {
                        "name": "externalName",
                        "type": "string",
                        "doc": "externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record). No proxying will be involved.  Must be a lowercase RFC-1123 hostname (https://tools.ietf.org/html/rfc1123) and requires `type` to be \"ExternalName\"."
                      },
                      {
                        "name": "externalTrafficPolicy",
                        "type": "string",
                        "doc": "externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service's \"externally-facing\" addresses (NodePorts, ExternalIPs, and LoadBalancer IPs). If set to \"Local\", the proxy will configure the service in a way that assumes that external load balancers will take care of balancing the service traffic between nodes, and so each node will deliver traffic only to the node-local endpoints of the service, without masquerading the client source IP. (Traffic mistakenly sent to a node with no endpoints will be dropped.) The default value, \"Cluster\", uses the standard behavior of routing to all endpoints evenly (possibly modified by topology and other features). Note that traffic sent to an External IP or LoadBalancer IP from within the cluster will always get \"Cluster\" semantics, but clients sending to a NodePort from within the cluster may need to take traffic policy into account when picking a node."
                      },
                      {
                        "name": "healthCheckNodePort",
                        "type": "int",
                        "doc": "healthCheckNodePort specifies the healthcheck nodePort for the service. This only applies when type is set to LoadBalancer and externalTrafficPolicy is set to Local. If a value is specified, is in-range, and is not in use, it will be used.  If not specified, a value will be automatically allocated.  External systems (e.g. load-balancers) can use this port to determine if a given node holds endpoints for this service or not.  If this field is specified when creating a Service which does not need it, creation will fail. This field will be wiped when updating a Service to no longer need it (e.g. changing type). This field cannot be updated once set."
                      },
                      {
                        "name": "internalTrafficPolicy",
                        "type": "string",
                        "doc": "InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP. If set to \"Local\", the proxy will assume that pods only want to talk to endpoints of the service on the same node as the pod, dropping the traffic if there are no local endpoints. The default value, \"Cluster\", uses the standard behavior of routing to all endpoints evenly (possibly modified by topology and other features)."
                      },
                      {
                        "name": "ipFamilies",
                        "type": "array",
                        "doc": "IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to this service. This field is usually assigned automatically based on cluster configuration and the ipFamilyPolicy field. If this field is specified manually, the requested family is available in the cluster, and ipFamilyPolicy allows it, it will be used; otherwise creation of the service will fail. This field is conditionally mutable: it allows for adding or removing a secondary IP family, but it does not allow changing the primary IP family of the Service. Valid values are \"IPv4\" and \"IPv6\".  This field only applies to Services of types ClusterIP, NodePort, and LoadBalancer, and does apply to \"headless\" services. This field will be wiped when updating a Service to type ExternalName.\n\nThis field may hold a maximum of two entries (dual-stack families, in either order).  These families must correspond to the values of the clusterIPs field, if specified. Both clusterIPs and ipFamilies are governed by the ipFamilyPolicy field."
                      },
                      {
                        "name": "ipFamilyPolicy",
                        "type": "string",
                        "doc": "IPFamilyPolicy represents the dual-stack-ness requested or required by this Service. If there is no value provided, then this field will be set to SingleStack. Services can be \"SingleStack\" (a single IP family), \"PreferDualStack\" (two IP families on dual-stack configured clusters or a single IP family on single-stack clusters), or \"RequireDualStack\" (two IP families on dual-stack configured clusters, otherwise fail). The ipFamilies and clusterIPs fields depend on the value of this field. This field will be wiped when updating a service to type ExternalName."
                      },
                      {
                        "name": "loadBalancerClass",
                        "type": "string",
                        "doc": "loadBalancerClass is the class of the load balancer implementation this Service belongs to. If specified, the value of this field must be a label-style identifier, with an optional prefix, e.g. \"internal-vip\" or \"example.com/internal-vip\". Unprefixed names are reserved for end-users. This field can only be set when the Service type is 'LoadBalancer'. If not set, the default load balancer implementation is used, today this is typically done through the cloud provider integration, but should apply for any default implementation. If set, it is assumed that a load balancer implementation is watching for Services with a matching class. Any default load balancer implementation (e.g. cloud providers) should ignore Services that set this field. This field can only be set when creating or updating a Service to type 'LoadBalancer'. Once set, it can not be changed. This field will be wiped when a service is updated to a non 'LoadBalancer' type."
                      },
                      {
                        "name": "loadBalancerIP",
                        "type": "string",
                        "doc": "Only applies to Service Type: LoadBalancer. This feature depends on whether the underlying cloud-provider supports specifying the loadBalancerIP when a load balancer is created. This field will be ignored if the cloud-provider does not support the feature. Deprecated: This field was under-specified and its meaning varies across implementations. Using it is non-portable and it may not support dual-stack. Users are encouraged to use implementation-specific annotations when available."
                      },
                      {
                        "name": "loadBalancerSourceRanges",
                        "type": "array",
                        "doc": "If specified and supported by the platform, this will restrict traffic through the cloud-provider load-balancer will be restricted to the specified client IPs. This field will be ignored if the cloud-provider does not support the feature.\" More info: https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/"
                      },
                      {
                        "name": "ports",
                        "type": "array",
                        "doc": "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"
                      },
                      {
                        "name": "publishNotReadyAddresses",
                        "type": "bool",
                        "doc": "publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready. The primary use case for setting this field is for a StatefulSet's Headless Service to propagate SRV DNS records for its Pods for the purpose of peer discovery. The Kubernetes controllers that generate Endpoints and EndpointSlice resources for Services interpret this to mean that all endpoints are considered \"ready\" even if the Pods themselves are not. Agents which consume only Kubernetes generated endpoints through the Endpoints or EndpointSlice resources can safely assume this behavior."
                      },
                      {
                        "name": "selector",
                        "type": "map",
                        "doc": "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/"
                      },
                      {
                        "name": "sessionAffinity",
                        "type": "string",
                        "doc": "Supports \"ClientIP\" and \"None\". Used to maintain session affinity. Enable client IP based session affinity. Must be ClientIP or None. Defaults to None. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"
                      },
                      {
                        "name": "sessionAffinityConfig",
                        "type": "map",
                        "doc": "sessionAffinityConfig contains the configurations of session affinity."
                      },
                      {
                        "name": "trafficDistribution",
                        "type": "string",
                        "doc": "TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints. Implementations can use this field as a hint, but are not required to guarantee strict adherence. If the field is not set, the implementation will apply its default routing strategy. If set to \"PreferClose\", implementations should prioritize endpoints that are in the same zone."
                      },
                      {
                        "name": "type",
                        "type": "string",
                        "doc": "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. \"ClusterIP\" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is \"None\", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. \"NodePort\" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. \"LoadBalancer\" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. \"ExternalName\" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"
                      }
                    ]
                  },
                  {
                    "name": "status",
                    "type": "map",
                    "doc": "Most recently observed status of the service. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
                    "fields": [
                      {
                        "name": "loadBalancer",
                        "type": "map",
                        "doc": "LoadBalancer contains the current status of the load-balancer, if one is present."
                      }
                    ]
                  }
                ]
              }
            },
            {
              "name": "PersistentVolumeClaim",
              "type": "array",
              "doc": "The Session's PersistentVolumeClaim objects (`v1`); empty when there are none.",
              "items": {
                "name": "PersistentVolumeClaim",
                "type": "map",
                "doc": "PersistentVolumeClaim is a user's request for and claim to a persistent volume",
                "fields": [
                  {
                    "name": "apiVersion",
                    "type": "string",
                    "doc": "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources"
                  },
                  {
                    "name": "kind",
                    "type": "string",
                    "doc": "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"
                  },
                  {
                    "name": "metadata",
                    "type": "map",
                    "doc": "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
                    "fields": [
                      {
                        "name": "annotations",
                        "type": "map",
                        "doc": "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations"
                      },
                      {
                        "name": "creationTimestamp",
                        "type": "string",
                        "doc": "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                      },
                      {
                        "name": "deletionGracePeriodSeconds",
                        "type": "int",
                        "doc": "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only."
                      },
                      {
                        "name": "deletionTimestamp",
                        "type": "string",
                        "doc": "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty. As long as the finalizers list contains items, deletion is blocked. Once the deletionTimestamp is set, this value may not be unset or be set further into the future, although it may be shortened or the resource may be deleted prior to this time. For example, a user may request that a pod is deleted in 30 seconds. The Kubelet will react by sending a graceful termination signal to the containers in the pod. After that 30 seconds, the Kubelet will send a hard termination signal (SIGKILL) to the container and after cleanup, remove the pod from the API. In the presence of network partitions, this object may still exist after this timestamp, until an administrator or automated process can determine the resource is fully terminated. If not set, graceful deletion of the object has not been requested.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                      },
                      {
                        "name": "finalizers",
                        "type": "array",
                        "doc": "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.  Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it. If the finalizer list is processed in order, then this can lead to a situation in which the component responsible for the first finalizer in the list is waiting for a signal (field value, external system, or other) produced by a component responsible for a finalizer later in the list, resulting in a deadlock. Without enforced ordering finalizers are free to order amongst themselves and are not vulnerable to ordering changes in the list."
                      },
                      {
                        "name": "generateName",
                        "type": "string",
                        "doc": "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only if Name is not specified. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#idempotency"
                      },
                      {
                        "name": "generation",
                        "type": "int",
                        "doc": "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only."
                      },
                      {
                        "name": "labels",
                        "type": "map",
                        "doc": "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels"
                      },
                      {
                        "name": "managedFields",
                        "type": "array",
                        "doc": "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field. A workflow can be the user's name, a controller's name, or the name of a specific apply path like \"ci-cd\". The set of fields is always in the version that the workflow used when modifying the object."
                      },
                      {
                        "name": "name",
                        "type": "string",
                        "doc": "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
                      },
                      {
                        "name": "namespace",
                        "type": "string",
                        "doc": "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces"
                      },
                      {
                        "name": "ownerReferences",
                        "type": "array",
                        "doc": "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller."
                      },
                      {
                        "name": "resourceVersion",
                        "type": "string",
                        "doc": "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency"
                      },
                      {
                        "name": "selfLink",
                        "type": "string",
                        "doc": "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."
                      },
                      {
                        "name": "uid",
                        "type": "string",
                        "doc": "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"
                      }
                    ]
                  },
                  {
                    "name": "spec",
                    "type": "map",
                    "doc": "spec defines the desired characteristics of a volume requested by a pod author. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims",
                    "fields": [
                      {
                        "name": "accessModes",
                        "type": "array",
                        "doc": "accessModes contains the desired access modes the volume should have. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1"
                      },
                      {
                        "name": "dataSource",
                        "type": "map",
                        "doc": "dataSource field can be used to specify either: * An existing VolumeSnapshot object (snapshot.storage.k8s.io/VolumeSnapshot) * An existing PVC (PersistentVolumeClaim) If the provisioner or an external controller can support the specified data source, it will create a new volume based on the contents of the specified data source. dataSource contents will be copied to dataSourceRef, and dataSourceRef contents will be copied to dataSource when dataSourceRef.namespace is not specified. If the namespace is specified, then dataSourceRef will not be copied to dataSource."
                      },
                      {
                        "name": "dataSourceRef",
                        "type": "map",
                        "doc": "dataSourceRef specifies the object from which to populate the volume with data, if a non-empty volume is desired. This may be any object from a non-empty API group (non core object) or a PersistentVolumeClaim object. When this field is specified, volume binding will only succeed if the type of the specified object matches some installed volume populator or dynamic provisioner. This field will replace the functionality of the dataSource field and as such if both fields are non-empty, they must have the same value. For backwards compatibility, when namespace isn't specified in dataSourceRef, both fields (dataSource and dataSourceRef) will be set to the same value automatically if one of them is empty and the other is non-empty. When namespace is specified in dataSourceRef, dataSource isn't set to the same value and must be empty. There are three important differences between dataSource and dataSourceRef: * While dataSource only allows two specific types of objects, dataSourceRef\n  allows any non-core object, as well as PersistentVolumeClaim objects.\n* While dataSource ignores disallowed values (dropping them), dataSourceRef\n  preserves all values, and generates an error if a disallowed value is\n  specified.\n* While dataSource only allows local objects, dataSourceRef allows objects\n  in any namespaces.\n(Alpha) Using the namespace field of dataSourceRef requires the CrossNamespaceVolumeDataSource feature gate to be enabled."
                      },
                      {
                        "name": "resources",
                        "type": "map",
                        "doc": "resources represents the minimum resources the volume should have. Users are allowed to specify resource requirements that are lower than previous value but must still be higher than capacity recorded in the status field of the claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#resources"
                      },
                      {
                        "name": "selector",
                        "type": "map",
                        "doc": "selector is a label query over volumes to consider for binding."
                      },
                      {
                        "name": "storageClassName",
                        "type": "string",
                        "doc": "storageClassName is the name of the StorageClass required by the claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#class-1"
                      },
                      {
                        "name": "volumeAttributesClassName",
                        "type": "string",
                        "doc": "volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim. If specified, the CSI driver will create or update the volume with the attributes defined in the corresponding VolumeAttributesClass. This has a different purpose than storageClassName, it can be changed after the claim is created. An empty string or nil value indicates that no VolumeAttributesClass will be applied to the claim. If the claim enters an Infeasible error state, this field can be reset to its previous value (including nil) to cancel the modification. If the resource referred to by volumeAttributesClass does not exist, this PersistentVolumeClaim will be set to a Pending state, as reflected by the modifyVolumeStatus field, until such as a resource exists. More info: https://kubernetes.io/docs/concepts/storage/volume-attributes-classes/"
                      },
                      {
                        "name": "volumeMode",
                        "type": "string",
                        "doc": "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec."
                      },
                      {
                        "name": "volumeName",
                        "type": "string",
                        "doc": "volumeName is the binding reference to the PersistentVolume backing this claim."
                      }
                    ]
                  },
                  {
                    "name": "status",
                    "type": "map",
                    "doc": "status represents the current information/status of a persistent volume claim. Read-only. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims",
                    "fields": [
                      {
                        "name": "phase",
                        "type": "string",
                        "doc": "phase represents the current phase of PersistentVolumeClaim."
                      }
                    ]
                  }
                ]
              }
            },
            {
              "name": "Ingress",
              "type": "array",
              "doc": "The Session's Ingress objects (`networking.k8s.io/v1`); empty when there are none.",
              "items": {
                "name": "Ingress",
                "type": "map",
                "doc": "Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend. An Ingress can be configured to give services externally-reachable urls, load balance traffic, terminate SSL, offer name based virtual hosting etc.",
                "fields": [
                  {
                    "name": "apiVersion",
                    "type": "string",
                    "doc": "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources"
                  },
                  {
                    "name": "kind",
                    "type": "string",
                    "doc": "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"
                  },
                  {
                    "name": "metadata",
                    "type": "map",
                    "doc": "metadata is the standard object metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
                    "fields": [
                      {
                        "name": "annotations",
                        "type": "map",
                        "doc": "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations"
                      },
                      {
                        "name": "creationTimestamp",
                        "type": "string",
                        "doc": "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                      },
                      {
                        "name": "deletionGracePeriodSeconds",
                        "type": "int",
                        "doc": "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only."
                      },
                      {
                        "name": "deletionTimestamp",
                        "type": "string",
                        "doc": "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty. As long as the finalizers list contains items, deletion is blocked. Once the deletionTimestamp is set, this value may not be unset or be set further into the future, although it may be shortened or the resource may be deleted prior to this time. For example, a user may request that a pod is deleted in 30 seconds. The Kubelet will react by sending a graceful termination signal to the containers in the pod. After that 30 seconds, the Kubelet will send a hard termination signal (SIGKILL) to the container and after cleanup, remove the pod from the API. In the presence of network partitions, this object may still exist after this timestamp, until an administrator or automated process can determine the resource is fully terminated. If not set, graceful deletion of the object has not been requested.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
                      },
                      {
                        "name": "finalizers",
                        "type": "array",
                        "doc": "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.  Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it. If the finalizer list is processed in order, then this can lead to a situation in which the component responsible for the first finalizer in the list is waiting for a signal (field value, external system, or other) produced by a component responsible for a finalizer later in the list, resulting in a deadlock. Without enforced ordering finalizers are free to order amongst themselves and are not vulnerable to ordering changes in the list."
                      },
                      {
                        "name": "generateName",
                        "type": "string",
                        "doc": "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only if Name is not specified. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#idempotency"
                      },
                      {
                        "name": "generation",
                        "type": "int",
                        "doc": "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only."
                      },
                      {
                        "name": "labels",
                        "type": "map",
                        "doc": "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels"
                      },
                      {
                        "name": "managedFields",
                        "type": "array",
                        "doc": "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field. A workflow can be the user's name, a controller's name, or the name of a specific apply path like \"ci-cd\". The set of fields is always in the version that the workflow used when modifying the object."
                      },
                      {
                        "name": "name",
                        "type": "string",
                        "doc": "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
                      },
                      {
                        "name": "namespace",
                        "type": "string",
                        "doc": "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces"
                      },
                      {
                        "name": "ownerReferences",
                        "type": "array",
                        "doc": "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller."
                      },
                      {
                        "name": "resourceVersion",
                        "type": "string",
                        "doc": "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency"
                      },
                      {
                        "name": "selfLink",
                        "type": "string",
                        "doc": "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."
                      },
                      {
                        "name": "uid",
                        "type": "string",
                        "doc": "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"
                      }
                    ]
                  },
                  {
                    "name": "spec",
                    "type": "map",
                    "doc": "spec is the desired state of the Ingress. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
                    "fields": [
                      {
                        "name": "defaultBackend",
                        "type": "map",
                        "doc": "defaultBackend is the backend that should handle requests that don't match any rule. If Rules are not specified, DefaultBackend must be specified. If DefaultBackend is not set, the handling of requests that do not match any of the rules will be up to the Ingress controller."
                      },
                      {
                        "name": "ingressClassName",
                        "type": "string",
                        "doc": "ingressClassName is the name of an IngressClass cluster resource. Ingress controller implementations use this field to know whether they should be serving this Ingress resource, by a transitive connection (controller -> IngressClass -> Ingress resource). Although the `kubernetes.io/ingress.class` annotation (simple constant name) was never formally defined, it was widely supported by Ingress controllers to create a direct binding between Ingress controller and Ingress resources. Newly created Ingress resources should prefer using the field. However, even though the annotation is officially deprecated, for backwards compatibility reasons, ingress controllers should still honor that annotation if present."
                      },
                      {
                        "name": "rules",
                        "type": "array",
                        "doc": "rules is a list of host rules used to configure the Ingress. If unspecified, or no rule matches, all traffic is sent to the default backend."
                      },
                      {
                        "name": "tls",
                        "type": "array",
                        "doc": "tls represents the TLS configuration. Currently the Ingress only supports a single TLS port, 443. If multiple members of this list specify different hosts, they will be multiplexed on the same port according to the hostname specified through the SNI TLS extension, if the ingress controller fulfilling the ingress supports SNI."
                      }
                    ]
                  },
                  {
                    "name": "status",
                    "type": "map",
                    "doc": "status is the current state of the Ingress. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
                    "fields": [
                      {
                        "name": "loadBalancer",
                        "type": "map",
                        "doc": "loadBalancer contains the current status of the load-balancer."
                      }
                    ]
                  }
                ]
              }
            }
          ]
        },
        {
          "name": "now",
          "type": "string",
          "doc": "The evaluation clock, RFC 3339 (the same as `now()`), e.g. `\"2026-01-01T12:00:00Z\"`."
        },
        {
          "name": "config",
          "type": "map",
          "doc": "The operator's settings (its command-line flags).",
          "fields": [
            {
              "name": "defaultCpu",
              "type": "string",
              "doc": "CPU when neither Session nor Template sets resources."
            },
            {
              "name": "defaultMemory",
              "type": "string",
              "doc": "Memory when neither Session nor Template sets resources."
            },
            {
              "name": "homeAccessMode",
              "type": "string",
              "doc": "Access mode of a home PVC."
            },
            {
              "name": "homeSize",
              "type": "string",
              "doc": "Size of a home PVC."
            },
            {
              "name": "ingressClass",
              "type": "string",
              "doc": "IngressClass of session Ingresses."
            },
            {
              "name": "ingressDomain",
              "type": "string",
              "doc": "Domain of session hosts: `<session>.<ingressDomain>`."
            },
            {
              "name": "storageClass",
              "type": "string",
              "doc": "StorageClass of home PVCs; empty for the cluster default."
            },
            {
              "name": "vncPort",
              "type": "int",
              "doc": "VNC port when a Template names none."
            }
          ]
        }
      ]
    },
    {
      "name": "event",
      "type": "map",
      "doc": "A connection event from StreamSpace's proxy.",
      "fields": [
        {
          "name": "event",
          "type": "string",
          "doc": "`connect` or `disconnect`.",
          "values": [
            "connect",
            "disconnect"
          ]
        },
        {
          "name": "user",
          "type": "string",
          "doc": "The user who connected."
        }
      ]
    },
    {
      "name": "template",
      "type": "map",
      "doc": "A StreamSpace template: a containerised application (image, ports, environment, streaming settings) that Sessions of the same namespace run.",
      "fields": [
        {
          "name": "apiVersion",
          "type": "string",
          "doc": "`\"stream.space/v1alpha1\"`.",
          "values": [
            "stream.space/v1alpha1"
          ]
        },
        {
          "name": "kind",
          "type": "string",
          "doc": "`\"Template\"`.",
          "values": [
            "Template"
          ]
        },
        {
          "name": "metadata",
          "type": "map",
          "doc": "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
          "fields": [
            {
              "name": "annotations",
              "type": "map",
              "doc": "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations"
            },
            {
              "name": "creationTimestamp",
              "type": "string",
              "doc": "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
            },
            {
              "name": "deletionGracePeriodSeconds",
              "type": "int",
              "doc": "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only."
            },
            {
              "name": "deletionTimestamp",
              "type": "string",
              "doc": "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty. As long as the finalizers list contains items, deletion is blocked. Once the deletionTimestamp is set, this value may not be unset or be set further into the future, although it may be shortened or the resource may be deleted prior to this time. For example, a user may request that a pod is deleted in 30 seconds. The Kubelet will react by sending a graceful termination signal to the containers in the pod. After that 30 seconds, the Kubelet will send a hard termination signal (SIGKILL) to the container and after cleanup, remove the pod from the API. In the presence of network partitions, this object may still exist after this timestamp, until an administrator or automated process can determine the resource is fully terminated. If not set, graceful deletion of the object has not been requested.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
            },
            {
              "name": "finalizers",
              "type": "array",
              "doc": "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.  Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it. If the finalizer list is processed in order, then this can lead to a situation in which the component responsible for the first finalizer in the list is waiting for a signal (field value, external system, or other) produced by a component responsible for a finalizer later in the list, resulting in a deadlock. Without enforced ordering finalizers are free to order amongst themselves and are not vulnerable to ordering changes in the list."
            },
            {
              "name": "generateName",
              "type": "string",
              "doc": "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only if Name is not specified. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#idempotency"
            },
            {
              "name": "generation",
              "type": "int",
              "doc": "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only."
            },
            {
              "name": "labels",
              "type": "map",
              "doc": "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels"
            },
            {
              "name": "managedFields",
              "type": "array",
              "doc": "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field. A workflow can be the user's name, a controller's name, or the name of a specific apply path like \"ci-cd\". The set of fields is always in the version that the workflow used when modifying the object."
            },
            {
              "name": "name",
              "type": "string",
              "doc": "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
            },
            {
              "name": "namespace",
              "type": "string",
              "doc": "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces"
            },
            {
              "name": "ownerReferences",
              "type": "array",
              "doc": "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller."
            },
            {
              "name": "resourceVersion",
              "type": "string",
              "doc": "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency"
            },
            {
              "name": "selfLink",
              "type": "string",
              "doc": "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."
            },
            {
              "name": "uid",
              "type": "string",
              "doc": "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids"
            }
          ]
        },
        {
          "name": "spec",
          "type": "map",
          "doc": "An application that StreamSpace sessions can run: its image, ports, environment and how its desktop is streamed.",
          "fields": [
            {
              "name": "baseImage",
              "type": "string",
              "doc": "Container image the session runs, e.g. `lscr.io/linuxserver/firefox:latest`."
            },
            {
              "name": "capabilities",
              "type": "array",
              "doc": "Features the application supports: `Network`, `Audio`, `Clipboard`, `USB`, `Printing`.",
              "items": {
                "name": "capabilities",
                "type": "string",
                "doc": "A feature: `Network`, `Audio`, `Clipboard`, `USB` or `Printing`.",
                "values": [
                  "Network",
                  "Audio",
                  "Clipboard",
                  "USB",
                  "Printing"
                ]
              }
            },
            {
              "name": "category",
              "type": "string",
              "doc": "Category used to group templates in a catalogue, e.g. `Browsers`."
            },
            {
              "name": "defaultResources",
              "type": "map",
              "doc": "Resources of sessions that set none, either flat `{memory: 2Gi, cpu: 1000m}` or `{requests: {...}, limits: {...}}`. When absent the operator's defaults apply (2Gi memory, 1000m CPU).",
              "fields": [
                {
                  "name": "cpu",
                  "type": "any",
                  "doc": "CPU for the container, used as both request and limit (flat shape). A Kubernetes quantity, e.g. `1000m` or `2`."
                },
                {
                  "name": "limits",
                  "type": "map",
                  "doc": "Maximum resources the container may use, by resource name (Kubernetes shape), e.g. `{memory: 2Gi, cpu: \"1\"}`."
                },
                {
                  "name": "memory",
                  "type": "any",
                  "doc": "Memory for the container, used as both request and limit (flat shape). A Kubernetes quantity, e.g. `2Gi` or `512Mi`."
                },
                {
                  "name": "requests",
                  "type": "map",
                  "doc": "Minimum resources the container is scheduled with, by resource name (Kubernetes shape), e.g. `{memory: 1Gi, cpu: 500m}`."
                }
              ]
            },
            {
              "name": "description",
              "type": "string",
              "doc": "Longer description of the application."
            },
            {
              "name": "displayName",
              "type": "string",
              "doc": "Human-readable name of the application, e.g. `Firefox`."
            },
            {
              "name": "env",
              "type": "array",
              "doc": "Environment variables of the container, e.g. `[{name: TZ, value: UTC}]`.",
              "items": {
                "name": "env",
                "type": "map",
                "doc": "EnvVar represents an environment variable present in a Container.",
                "fields": [
                  {
                    "name": "name",
                    "type": "string",
                    "doc": "Name of the environment variable. May consist of any printable ASCII characters except '='."
                  },
                  {
                    "name": "value",
                    "type": "string",
                    "doc": "Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. \"$$(VAR_NAME)\" will produce the string literal \"$(VAR_NAME)\". Escaped references will never be expanded, regardless of whether the variable exists or not. Defaults to \"\"."
                  },
                  {
                    "name": "valueFrom",
                    "type": "map",
                    "doc": "Source for the environment variable's value. Cannot be used if value is not empty.",
                    "fields": [
                      {
                        "name": "configMapKeyRef",
                        "type": "map",
                        "doc": "Selects a key of a ConfigMap.",
                        "fields": [
                          {
                            "name": "key",
                            "type": "string",
                            "doc": "The key to select from the ConfigMap's Data field. Keys in the BinaryData field are not currently propagated to container env vars."
                          },
                          {
                            "name": "name",
                            "type": "string",
                            "doc": "Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"
                          },
                          {
                            "name": "optional",
                            "type": "bool",
                            "doc": "Specify whether the ConfigMap or its key must be defined"
                          }
                        ]
                      },
                      {
                        "name": "fieldRef",
                        "type": "map",
                        "doc": "Selects a field of the pod: supports metadata.name, metadata.namespace, `metadata.labels['<KEY>']`, `metadata.annotations['<KEY>']`, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs.",
                        "fields": [
                          {
                            "name": "apiVersion",
                            "type": "string",
                            "doc": "Version of the schema the FieldPath is written in terms of, defaults to \"v1\"."
                          },
                          {
                            "name": "fieldPath",
                            "type": "string",
                            "doc": "Path of the field to select in the specified API version."
                          }
                        ]
                      },
                      {
                        "name": "fileKeyRef",
                        "type": "map",
                        "doc": "FileKeyRef selects a key of the env file. Requires the EnvFiles feature gate to be enabled.",
                        "fields": [
                          {
                            "name": "key",
                            "type": "string",
                            "doc": "The key within the env file. An invalid key will prevent the pod from starting. The keys defined within a source may consist of any printable ASCII characters except '='. During Alpha stage of the EnvFiles feature gate, the key size is limited to 128 characters."
                          },
                          {
                            "name": "optional",
                            "type": "bool",
                            "doc": "Specify whether the file or its key must be defined. If the file or key does not exist, then the env var is not published. If optional is set to true and the specified key does not exist, the environment variable will not be set in the Pod's containers.\n\nIf optional is set to false and the specified key does not exist, an error will be returned during Pod creation."
                          },
                          {
                            "name": "path",
                            "type": "string",
                            "doc": "The path within the volume from which to select the file. Must be relative and may not contain the '..' path or start with '..'."
                          },
                          {
                            "name": "volumeName",
                            "type": "string",
                            "doc": "The name of the volume mount containing the env file."
                          }
                        ]
                      },
                      {
                        "name": "resourceFieldRef",
                        "type": "map",
                        "doc": "Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory and requests.ephemeral-storage) are currently supported.",
                        "fields": [
                          {
                            "name": "containerName",
                            "type": "string",
                            "doc": "Container name: required for volumes, optional for env vars"
                          },
                          {
                            "name": "divisor",
                            "type": "any",
                            "doc": "Specifies the output format of the exposed resources, defaults to \"1\""
                          },
                          {
                            "name": "resource",
                            "type": "string",
                            "doc": "Required: resource to select"
                          }
                        ]
                      },
                      {
                        "name": "secretKeyRef",
                        "type": "map",
                        "doc": "Selects a key of a secret in the pod's namespace",
                        "fields": [
                          {
                            "name": "key",
                            "type": "string",
                            "doc": "The key of the secret to select from.  Must be a valid secret key."
                          },
                          {
                            "name": "name",
                            "type": "string",
                            "doc": "Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"
                          },
                          {
                            "name": "optional",
                            "type": "bool",
                            "doc": "Specify whether the Secret or its key must be defined"
                          }
                        ]
                      }
                    ]
                  }
                ]
              }
            },
            {
              "name": "icon",
              "type": "string",
              "doc": "URL of the application's icon."
            },
            {
              "name": "kasmvnc",
              "type": "map",
              "doc": "Legacy KasmVNC settings that many published templates still use instead of `vnc`; honoured when `vnc` is absent.",
              "fields": [
                {
                  "name": "enabled",
                  "type": "bool",
                  "doc": "Whether KasmVNC is enabled."
                },
                {
                  "name": "port",
                  "type": "int",
                  "doc": "Port KasmVNC listens on, e.g. `3000` for LinuxServer.io images."
                }
              ]
            },
            {
              "name": "ports",
              "type": "array",
              "doc": "Extra container ports, e.g. `[{name: audio, containerPort: 4713}]`.",
              "items": {
                "name": "ports",
                "type": "map",
                "doc": "ContainerPort represents a network port in a single container.",
                "fields": [
                  {
                    "name": "containerPort",
                    "type": "int",
                    "doc": "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536."
                  },
                  {
                    "name": "hostIP",
                    "type": "string",
                    "doc": "What host IP to bind the external port to."
                  },
                  {
                    "name": "hostPort",
                    "type": "int",
                    "doc": "Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536. If HostNetwork is specified, this must match ContainerPort. Most containers do not need this."
                  },
                  {
                    "name": "name",
                    "type": "string",
                    "doc": "If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name. Name for the port that can be referred to by services."
                  },
                  {
                    "name": "protocol",
                    "type": "string",
                    "doc": "Protocol for port. Must be UDP, TCP, or SCTP. Defaults to \"TCP\"."
                  }
                ]
              }
            },
            {
              "name": "tags",
              "type": "array",
              "doc": "Free-form tags for the catalogue, e.g. `[browser, privacy]`.",
              "items": {
                "name": "tags",
                "type": "string",
                "doc": "A catalogue tag, e.g. `browser`."
              }
            },
            {
              "name": "vnc",
              "type": "map",
              "doc": "How the desktop is streamed (VNC). When absent, the default policy uses VNC on the legacy `kasmvnc` port, or else on 5900.",
              "fields": [
                {
                  "name": "enabled",
                  "type": "bool",
                  "doc": "Whether the image serves a VNC desktop. Default `true`."
                },
                {
                  "name": "encryption",
                  "type": "bool",
                  "doc": "Whether the VNC connection is encrypted."
                },
                {
                  "name": "port",
                  "type": "int",
                  "doc": "Port the VNC server listens on (1024-65535), e.g. `5900` or `3000`. When absent the default policy uses 5900."
                },
                {
                  "name": "protocol",
                  "type": "string",
                  "doc": "Protocol spoken on `port`: `rfb` (raw VNC) or `websocket`.",
                  "values": [
                    "rfb",
                    "websocket"
                  ]
                }
              ]
            },
            {
              "name": "volumeMounts",
              "type": "array",
              "doc": "Volume mounts of the container, e.g. `[{name: shm, mountPath: /dev/shm}]`.",
              "items": {
                "name": "volumeMounts",
                "type": "map",
                "doc": "VolumeMount describes a mounting of a Volume within a container.",
                "fields": [
                  {
                    "name": "bindMountOptions",
                    "type": "array",
                    "doc": "bindMountOptions is the list of additional bind mount options to apply when mounting this volume into the container. Allowed values are noexec, nodev, and nosuid. These are Linux mount options and have no effect on Windows nodes. This field is not supported with image volumes. This is an alpha field and requires enabling the VolumeBindMountOptions feature gate.",
                    "items": {
                      "name": "bindMountOptions",
                      "type": "string",
                      "doc": "A bind mount option: `noexec`, `nodev` or `nosuid`."
                    }
                  },
                  {
                    "name": "mountPath",
                    "type": "string",
                    "doc": "Path within the container at which the volume should be mounted."
                  },
                  {
                    "name": "mountPropagation",
                    "type": "string",
                    "doc": "mountPropagation determines how mounts are propagated from the host to container and the other way around. When not set, MountPropagationNone is used. This field is beta in 1.10. When RecursiveReadOnly is set to IfPossible or to Enabled, MountPropagation must be None or unspecified (which defaults to None)."
                  },
                  {
                    "name": "name",
                    "type": "string",
                    "doc": "This must match the Name of a Volume."
                  },
                  {
                    "name": "readOnly",
                    "type": "bool",
                    "doc": "Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false."
                  },
                  {
                    "name": "recursiveReadOnly",
                    "type": "string",
                    "doc": "RecursiveReadOnly specifies whether read-only mounts should be handled recursively.\n\nIf ReadOnly is false, this field has no meaning and must be unspecified.\n\nIf ReadOnly is true, and this field is set to Disabled, the mount is not made recursively read-only.  If this field is set to IfPossible, the mount is made recursively read-only, if it is supported by the container runtime.  If this field is set to Enabled, the mount is made recursively read-only if it is supported by the container runtime, otherwise the pod will not be started and an error will be generated to indicate the reason.\n\nIf this field is set to IfPossible or Enabled, MountPropagation must be set to None (or be unspecified, which defaults to None).\n\nIf this field is not specified, it is treated as an equivalent of Disabled."
                  },
                  {
                    "name": "subPath",
                    "type": "string",
                    "doc": "Path within the volume from which the container's volume should be mounted. Defaults to \"\" (volume's root)."
                  },
                  {
                    "name": "subPathExpr",
                    "type": "string",
                    "doc": "Expanded path within the volume from which the container's volume should be mounted. Behaves similarly to SubPath but environment variable references $(VAR_NAME) are expanded using the container's environment. Defaults to \"\" (volume's root). SubPathExpr and SubPath are mutually exclusive."
                  }
                ]
              }
            }
          ]
        },
        {
          "name": "status",
          "type": "map",
          "doc": "Observed state of a template, written by the operator.",
          "fields": [
            {
              "name": "conditions",
              "type": "array",
              "doc": "Standard conditions, e.g. `Valid`.",
              "items": {
                "name": "conditions",
                "type": "map",
                "doc": "Condition contains details for one aspect of the current state of this API Resource.",
                "fields": [
                  {
                    "name": "lastTransitionTime",
                    "type": "string",
                    "doc": "lastTransitionTime is the last time the condition transitioned from one status to another. This should be when the underlying condition changed.  If that is not known, then using the time when the API field changed is acceptable."
                  },
                  {
                    "name": "message",
                    "type": "string",
                    "doc": "message is a human readable message indicating details about the transition. This may be an empty string."
                  },
                  {
                    "name": "observedGeneration",
                    "type": "int",
                    "doc": "observedGeneration represents the .metadata.generation that the condition was set based upon. For instance, if .metadata.generation is currently 12, but the .status.conditions[x].observedGeneration is 9, the condition is out of date with respect to the current state of the instance."
                  },
                  {
                    "name": "reason",
                    "type": "string",
                    "doc": "reason contains a programmatic identifier indicating the reason for the condition's last transition. Producers of specific condition types may define expected values and meanings for this field, and whether the values are considered a guaranteed API. The value should be a CamelCase string. This field may not be empty."
                  },
                  {
                    "name": "status",
                    "type": "string",
                    "doc": "status of the condition, one of True, False, Unknown."
                  },
                  {
                    "name": "type",
                    "type": "string",
                    "doc": "type of condition in CamelCase or in foo.example.com/CamelCase."
                  }
                ]
              }
            },
            {
              "name": "message",
              "type": "string",
              "doc": "Outcome of validation, e.g. `Template is valid and ready to use`, or what is wrong."
            },
            {
              "name": "valid",
              "type": "bool",
              "doc": "Whether the template passed validation."
            }
          ]
        }
      ]
    }
  ],
  "helpers": [
    {
      "name": "child_name",
      "params": [
        {
          "name": "base",
          "type": "string",
          "doc": "the base name, usually the Session's."
        },
        {
          "name": "suffix",
          "type": "string",
          "doc": "what the child is, e.g. `\"home\"`."
        }
      ],
      "returns": "string",
      "doc": "`base-suffix` as a DNS label, shortened with a hash when too long.",
      "example": "child_name(\"alice-firefox-1a2b3c4d\", \"home\") == \"alice-firefox-1a2b3c4d-home\""
    },
    {
      "name": "cpu_millis",
      "params": [
        {
          "name": "quantity",
          "type": "any",
          "doc": "a Kubernetes quantity, as a string (`\"500m\"`, `\"2\"`) or an integer (`2`)."
        }
      ],
      "returns": "int",
      "doc": "Millicores of a CPU quantity, rounded up as Kubernetes rounds: `\"1\"` is 1000, `\"1500m\"` 1500, `\"0.25\"` 250.",
      "errors": "When `quantity` is not a Kubernetes quantity, or too large.",
      "example": "cpu_millis(\"1500m\") + cpu_millis(\"0.5\") == 2000"
    },
    {
      "name": "dns_label",
      "params": [
        {
          "name": "name",
          "type": "string",
          "doc": "any string."
        }
      ],
      "returns": "string",
      "doc": "A DNS-1035 label made from `name`: lower case, `a-z0-9-`, starts with a letter, at most 63 characters; too long names keep a hash suffix so they stay unique.",
      "example": "dns_label(\"Home_Alice\") == \"home-alice\""
    },
    {
      "name": "format_duration",
      "params": [
        {
          "name": "seconds",
          "type": "int",
          "doc": "a number of seconds, zero or more."
        }
      ],
      "returns": "string",
      "doc": "The shortest duration string for a number of seconds.",
      "errors": "When `seconds` is negative.",
      "example": "format_duration(5400) == \"1h30m\""
    },
    {
      "name": "format_time",
      "params": [
        {
          "name": "seconds",
          "type": "int",
          "doc": "seconds since 1970-01-01T00:00:00Z (negative before)."
        }
      ],
      "returns": "string",
      "doc": "The RFC 3339 time of Unix seconds.",
      "errors": "When `seconds` is outside about the years -9999 to 9999.",
      "example": "format_time(60) == \"1970-01-01T00:01:00Z\""
    },
    {
      "name": "label_value",
      "params": [
        {
          "name": "value",
          "type": "any",
          "doc": "a user, template, session or tag name; any other value is taken as its text."
        }
      ],
      "returns": "string",
      "doc": "`value` when it is a valid label value (at most 63 of `A-Za-z0-9-_.`, alphanumeric at both ends), else `dns_label(value)`.",
      "example": "label_value(\"alice@example.com\") == \"alice-example-com\""
    },
    {
      "name": "log_debug",
      "params": [
        {
          "name": "message",
          "type": "any",
          "doc": "what to log; a value that is not a string is logged as its text."
        }
      ],
      "returns": "()",
      "doc": "Nothing; writes `message` to the operator's log at level debug, attributed to the session and script.",
      "example": "log_debug(parse_duration(\"1h30m\"))"
    },
    {
      "name": "log_info",
      "params": [
        {
          "name": "message",
          "type": "any",
          "doc": "what to log; a value that is not a string is logged as its text."
        }
      ],
      "returns": "()",
      "doc": "Nothing; writes `message` to the operator's log at level info, attributed to the session and script (the editor's live log shows it).",
      "example": "log_info(\"scaling to 0\")"
    },
    {
      "name": "log_warn",
      "params": [
        {
          "name": "message",
          "type": "any",
          "doc": "what to log; a value that is not a string is logged as its text."
        }
      ],
      "returns": "()",
      "doc": "Nothing; writes `message` to the operator's log at level warn, attributed to the session and script.",
      "example": "log_warn(\"template firefox not found\")"
    },
    {
      "name": "memory_bytes",
      "params": [
        {
          "name": "quantity",
          "type": "any",
          "doc": "a Kubernetes quantity, as a string (`\"512Mi\"`, `\"4Gi\"`) or an integer of bytes."
        }
      ],
      "returns": "int",
      "doc": "Bytes of a memory quantity, rounded up: `\"1Gi\"` is 1073741824, `\"1G\"` 1000000000.",
      "errors": "When `quantity` is not a Kubernetes quantity, or too large.",
      "example": "memory_bytes(\"4Gi\") == 2 * memory_bytes(\"2048Mi\")"
    },
    {
      "name": "normalize_resources",
      "params": [
        {
          "name": "resources",
          "type": "any",
          "doc": "a flat `#{memory, cpu}`, a Kubernetes `#{requests, limits}`, or `()`."
        }
      ],
      "returns": "map",
      "doc": "`#{ requests: #{..}, limits: #{..} }` from either resource shape: a flat `#{memory, cpu}` (what StreamSpace's API writes) sets requests and limits alike; `#{}` for `()`.",
      "errors": "When `resources` is not a map or `()`, or its `requests` or `limits` is not a map.",
      "example": "normalize_resources(#{memory: \"2Gi\"}) == #{requests: #{memory: \"2Gi\"}, limits: #{memory: \"2Gi\"}}"
    },
    {
      "name": "now",
      "params": [],
      "returns": "string",
      "doc": "The evaluation clock as RFC 3339 (the same as `ctx.now`).",
      "example": "now() == \"2026-01-01T12:00:00Z\""
    },
    {
      "name": "parse_duration",
      "params": [
        {
          "name": "duration",
          "type": "string",
          "doc": "whole numbers with units `h`, `m`, `s` in that order, such as `\"30m\"` or `\"1h30m\"`."
        }
      ],
      "returns": "int",
      "doc": "Seconds of a duration string.",
      "errors": "When `duration` is not such a duration, or too long.",
      "example": "parse_duration(\"30m\") == 1800"
    },
    {
      "name": "parse_time",
      "params": [
        {
          "name": "time",
          "type": "string",
          "doc": "an RFC 3339 time such as `\"2026-01-01T12:00:00Z\"`."
        }
      ],
      "returns": "int",
      "doc": "Unix seconds of an RFC 3339 time.",
      "errors": "When `time` is not an RFC 3339 time.",
      "example": "parse_time(\"1970-01-01T00:01:00Z\") == 60"
    },
    {
      "name": "seconds_between",
      "params": [
        {
          "name": "from",
          "type": "string",
          "doc": "the start, an RFC 3339 time."
        },
        {
          "name": "to",
          "type": "string",
          "doc": "the end, an RFC 3339 time."
        }
      ],
      "returns": "int",
      "doc": "Seconds from time `from` to time `to` (negative when `to` is earlier).",
      "errors": "When either is not an RFC 3339 time.",
      "example": "seconds_between(\"2026-01-01T00:00:00Z\", \"2026-01-01T00:30:00Z\") == 1800"
    },
    {
      "name": "seconds_since",
      "params": [
        {
          "name": "time",
          "type": "string",
          "doc": "an RFC 3339 time."
        }
      ],
      "returns": "int",
      "doc": "Seconds from time `time` to `now()`, e.g. since `ctx.session.status.lastActivity`.",
      "errors": "When `time` is not an RFC 3339 time.",
      "example": "seconds_since(\"2026-01-01T11:30:00Z\") == 1800"
    },
    {
      "name": "short_hash",
      "params": [
        {
          "name": "text",
          "type": "string",
          "doc": "any string."
        }
      ],
      "returns": "string",
      "doc": "8 hex characters of the SHA-256 of `text`.",
      "example": "short_hash(\"alice\") == \"2bd806c9\""
    }
  ],
  "enums": {
    "phases": [
      "Pending",
      "Running",
      "Hibernated",
      "Failed",
      "Terminated"
    ],
    "states": [
      "running",
      "hibernated",
      "terminated"
    ],
    "idleActions": [
      "none",
      "hibernate",
      "terminate"
    ],
    "conditionStatuses": [
      "True",
      "False",
      "Unknown"
    ],
    "eventTypes": [
      "Normal",
      "Warning"
    ],
    "connectionEvents": [
      "connect",
      "disconnect"
    ],
    "operations": [
      "CREATE",
      "UPDATE"
    ]
  },
  "childKinds": [
    {
      "kind": "Deployment",
      "apiVersion": "apps/v1"
    },
    {
      "kind": "Service",
      "apiVersion": "v1"
    },
    {
      "kind": "PersistentVolumeClaim",
      "apiVersion": "v1"
    },
    {
      "kind": "Ingress",
      "apiVersion": "networking.k8s.io/v1"
    }
  ]
};
