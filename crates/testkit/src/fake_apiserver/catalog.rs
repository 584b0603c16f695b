//! The resource types the fake serves, with the per-type facts a real API
//! server keeps in its registry strategies (scope, subresources, generation
//! rules, short names, field selectors).

/// When `metadata.generation` is bumped on an update, as the real type's
/// registry strategy decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenerationRule {
    /// The type has no generation (ConfigMap, Service, ...).
    None,
    /// Bumped when anything outside `metadata` and `status` changes (custom
    /// resources, Ingress, CustomResourceDefinition).
    Spec,
    /// Bumped when the spec or `metadata.annotations` change (Deployment:
    /// annotations are copied to its ReplicaSets).
    SpecAndAnnotations,
}

/// One served resource type.
#[derive(Debug)]
pub struct ResourceDef {
    /// API group; empty for the core group.
    pub group: &'static str,
    /// API version within the group.
    pub version: &'static str,
    /// Plural resource name used in paths.
    pub plural: &'static str,
    /// Singular name, as in discovery.
    pub singular: &'static str,
    /// Kind of the objects.
    pub kind: &'static str,
    /// Whether objects live in a namespace.
    pub namespaced: bool,
    /// Short names announced in discovery.
    pub short_names: &'static [&'static str],
    /// Whether the type has a `/status` subresource.
    pub status_subresource: bool,
    /// How `metadata.generation` is maintained.
    pub generation: GenerationRule,
    /// A custom resource: served only while its CustomResourceDefinition
    /// exists, no strategic merge patch, lists are atomic for apply.
    pub custom: bool,
    /// Only `create` is served (TokenReview, SubjectAccessReview); nothing is
    /// stored.
    pub review: bool,
    /// Field selector labels beyond `metadata.name` / `metadata.namespace`.
    pub field_labels: &'static [&'static str],
}

const CORE_EVENT_FIELDS: &[&str] = &[
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "type",
];

const fn def(
    group: &'static str,
    version: &'static str,
    plural: &'static str,
    singular: &'static str,
    kind: &'static str,
) -> ResourceDef {
    ResourceDef {
        group,
        version,
        plural,
        singular,
        kind,
        namespaced: true,
        short_names: &[],
        status_subresource: false,
        generation: GenerationRule::None,
        custom: false,
        review: false,
        field_labels: &[],
    }
}

/// Every resource type the fake knows.
pub static RESOURCES: &[ResourceDef] = &[
    ResourceDef {
        namespaced: false,
        short_names: &["ns"],
        status_subresource: true,
        field_labels: &["status.phase"],
        ..def("", "v1", "namespaces", "namespace", "Namespace")
    },
    ResourceDef {
        short_names: &["cm"],
        ..def("", "v1", "configmaps", "configmap", "ConfigMap")
    },
    ResourceDef {
        field_labels: &["type"],
        ..def("", "v1", "secrets", "secret", "Secret")
    },
    ResourceDef {
        short_names: &["svc"],
        status_subresource: true,
        ..def("", "v1", "services", "service", "Service")
    },
    ResourceDef {
        short_names: &["pvc"],
        status_subresource: true,
        ..def(
            "",
            "v1",
            "persistentvolumeclaims",
            "persistentvolumeclaim",
            "PersistentVolumeClaim",
        )
    },
    ResourceDef {
        short_names: &["ev"],
        field_labels: CORE_EVENT_FIELDS,
        ..def("", "v1", "events", "event", "Event")
    },
    ResourceDef {
        short_names: &["deploy"],
        status_subresource: true,
        generation: GenerationRule::SpecAndAnnotations,
        ..def("apps", "v1", "deployments", "deployment", "Deployment")
    },
    def(
        "apps",
        "v1",
        "controllerrevisions",
        "controllerrevision",
        "ControllerRevision",
    ),
    ResourceDef {
        short_names: &["ing"],
        status_subresource: true,
        generation: GenerationRule::Spec,
        ..def("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress")
    },
    ResourceDef {
        short_names: &["ev"],
        field_labels: &["reason", "type", "reportingController"],
        ..def("events.k8s.io", "v1", "events", "event", "Event")
    },
    def("coordination.k8s.io", "v1", "leases", "lease", "Lease"),
    // Stored and served only: the fake calls no webhook.
    ResourceDef {
        namespaced: false,
        generation: GenerationRule::Spec,
        ..def(
            "admissionregistration.k8s.io",
            "v1",
            "validatingwebhookconfigurations",
            "validatingwebhookconfiguration",
            "ValidatingWebhookConfiguration",
        )
    },
    ResourceDef {
        namespaced: false,
        short_names: &["crd", "crds"],
        status_subresource: true,
        generation: GenerationRule::Spec,
        ..def(
            "apiextensions.k8s.io",
            "v1",
            "customresourcedefinitions",
            "customresourcedefinition",
            "CustomResourceDefinition",
        )
    },
    ResourceDef {
        namespaced: false,
        review: true,
        ..def(
            "authentication.k8s.io",
            "v1",
            "tokenreviews",
            "tokenreview",
            "TokenReview",
        )
    },
    ResourceDef {
        namespaced: false,
        review: true,
        ..def(
            "authorization.k8s.io",
            "v1",
            "subjectaccessreviews",
            "subjectaccessreview",
            "SubjectAccessReview",
        )
    },
    ResourceDef {
        short_names: &["ss"],
        status_subresource: true,
        generation: GenerationRule::Spec,
        custom: true,
        ..def("stream.space", "v1alpha1", "sessions", "session", "Session")
    },
    ResourceDef {
        short_names: &["tpl"],
        status_subresource: true,
        generation: GenerationRule::Spec,
        custom: true,
        ..def(
            "stream.space",
            "v1alpha1",
            "templates",
            "template",
            "Template",
        )
    },
];

/// Finalizer the real apiextensions server puts on every CRD: it deletes the
/// CRD's custom resources before the CRD goes away.
pub const CRD_CLEANUP_FINALIZER: &str = "customresourcecleanup.apiextensions.k8s.io";

impl ResourceDef {
    /// `group/version`, or `version` for the core group.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_owned()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// The group-qualified resource as the API server prints it in messages:
    /// `configmaps`, `deployments.apps`.
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_owned()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }

    /// Name of the CustomResourceDefinition that makes a custom type served.
    pub fn crd_name(&self) -> String {
        format!("{}.{}", self.plural, self.group)
    }

    /// Whether this is the CustomResourceDefinition type itself.
    pub fn is_crd(&self) -> bool {
        self.group == "apiextensions.k8s.io" && self.plural == "customresourcedefinitions"
    }

    /// Whether this is the Namespace type.
    pub fn is_namespace(&self) -> bool {
        self.group.is_empty() && self.plural == "namespaces"
    }

    /// Verbs announced in discovery for the main resource.
    pub fn verbs(&self) -> &'static [&'static str] {
        if self.review {
            &["create"]
        } else {
            &[
                "create",
                "delete",
                "deletecollection",
                "get",
                "list",
                "patch",
                "update",
                "watch",
            ]
        }
    }
}

/// The resource `plural` of `group`/`version`, if the fake knows it.
pub fn find(group: &str, version: &str, plural: &str) -> Option<&'static ResourceDef> {
    RESOURCES
        .iter()
        .find(|d| d.group == group && d.version == version && d.plural == plural)
}

/// Custom types whose CRD is named `crd_name` (`sessions.stream.space`).
pub fn custom_by_crd_name(crd_name: &str) -> Option<&'static ResourceDef> {
    RESOURCES
        .iter()
        .find(|d| d.custom && d.crd_name() == crd_name)
}
