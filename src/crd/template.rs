//! The `Template` custom resource: an app that sessions can run.

use k8s_openapi::api::core::v1::{ContainerPort, EnvVar, VolumeMount};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Condition;
use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::default_true;
use super::resources::ResourceSpec;
use super::schema::{DescribeItems, drop_description, unwrap_docs};

/// An application that StreamSpace sessions can run: its image, ports,
/// environment and how its desktop is streamed.
// Clippy mistakes the repeated `type_ = ...` of the printcolumn(...) lists
// for duplicated attributes.
#[allow(clippy::duplicated_attributes)]
#[derive(CustomResource, Serialize, Deserialize, Clone, Debug, PartialEq, JsonSchema)]
#[kube(
    group = "stream.space",
    version = "v1alpha1",
    kind = "Template",
    plural = "templates",
    shortname = "tpl",
    namespaced,
    status = "TemplateStatus",
    derive = "PartialEq",
    doc = "A StreamSpace template: a containerised application (image, ports, environment, \
           streaming settings) that Sessions of the same namespace run.",
    printcolumn(
        name = "Display Name",
        type_ = "string",
        json_path = ".spec.displayName"
    ),
    printcolumn(name = "Category", type_ = "string", json_path = ".spec.category"),
    printcolumn(name = "Image", type_ = "string", json_path = ".spec.baseImage"),
    printcolumn(name = "Valid", type_ = "boolean", json_path = ".status.valid"),
    printcolumn(
        name = "Age",
        type_ = "date",
        json_path = ".metadata.creationTimestamp"
    )
)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = unwrap_docs)]
pub struct TemplateSpec {
    /// Human-readable name of the application, e.g. `Firefox`.
    pub display_name: String,
    /// Container image the session runs, e.g.
    /// `lscr.io/linuxserver/firefox:latest`.
    pub base_image: String,
    /// Longer description of the application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Category used to group templates in a catalogue, e.g. `Browsers`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// URL of the application's icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// Resources of sessions that set none, either flat
    /// `{memory: 2Gi, cpu: 1000m}` or `{requests: {...}, limits: {...}}`.
    /// When absent the operator's defaults apply (2Gi memory, 1000m CPU).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_resources: Option<ResourceSpec>,
    /// Extra container ports, e.g. `[{name: audio, containerPort: 4713}]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ContainerPort>,
    /// Environment variables of the container, e.g. `[{name: TZ, value: UTC}]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
    /// Volume mounts of the container, e.g. `[{name: shm, mountPath: /dev/shm}]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(transform = DescribeItems::inside(
        &["bindMountOptions"],
        "A bind mount option: `noexec`, `nodev` or `nosuid`."
    ))]
    pub volume_mounts: Vec<VolumeMount>,
    /// How the desktop is streamed (VNC). When absent, the default policy
    /// uses VNC on the legacy `kasmvnc` port, or else on 5900.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vnc: Option<VncSpec>,
    /// Legacy KasmVNC settings that many published templates still use
    /// instead of `vnc`; honoured when `vnc` is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kasmvnc: Option<KasmVncSpec>,
    /// Features the application supports: `Network`, `Audio`, `Clipboard`,
    /// `USB`, `Printing`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(transform = DescribeItems::new(
        "A feature: `Network`, `Audio`, `Clipboard`, `USB` or `Printing`."
    ))]
    pub capabilities: Vec<Capability>,
    /// Free-form tags for the catalogue, e.g. `[browser, privacy]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(transform = DescribeItems::new("A catalogue tag, e.g. `browser`."))]
    pub tags: Vec<String>,
}

/// VNC streaming settings of a template.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = unwrap_docs)]
pub struct VncSpec {
    /// Whether the image serves a VNC desktop. Default `true`.
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// Port the VNC server listens on (1024-65535), e.g. `5900` or `3000`.
    /// When absent the default policy uses 5900.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
    /// Protocol spoken on `port`: `rfb` (raw VNC) or `websocket`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<VncProtocol>,
    /// Whether the VNC connection is encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<bool>,
}

impl Default for VncSpec {
    fn default() -> Self {
        Self {
            enabled: true,
            port: None,
            protocol: None,
            encryption: None,
        }
    }
}

/// Protocol of a VNC server.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(transform = drop_description)]
pub enum VncProtocol {
    /// The raw VNC remote framebuffer protocol.
    Rfb,
    /// VNC over WebSocket (noVNC, KasmVNC).
    Websocket,
}

/// Legacy KasmVNC settings (pre-`vnc` templates).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = unwrap_docs)]
pub struct KasmVncSpec {
    /// Whether KasmVNC is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Port KasmVNC listens on, e.g. `3000` for LinuxServer.io images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
}

/// A feature an application supports.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, JsonSchema)]
#[schemars(transform = drop_description)]
pub enum Capability {
    /// Network access.
    Network,
    /// Sound output.
    Audio,
    /// Clipboard sharing.
    Clipboard,
    /// USB device redirection.
    #[serde(rename = "USB")]
    Usb,
    /// Printing.
    Printing,
}

/// Observed state of a template, written by the operator.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = unwrap_docs)]
pub struct TemplateStatus {
    /// Whether the template passed validation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid: Option<bool>,
    /// Outcome of validation, e.g. `Template is valid and ready to use`, or
    /// what is wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Standard conditions, e.g. `Valid`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_kasmvnc_and_capabilities_round_trip() {
        let json = serde_json::json!({
            "displayName": "Firefox",
            "baseImage": "lscr.io/linuxserver/firefox:latest",
            "kasmvnc": {"enabled": true, "port": 3000},
            "capabilities": ["Network", "USB"],
        });
        let spec: TemplateSpec = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(spec.kasmvnc.as_ref().and_then(|k| k.port), Some(3000));
        assert_eq!(spec.capabilities, [Capability::Network, Capability::Usb]);
        assert_eq!(serde_json::to_value(&spec).unwrap(), json);
    }

    #[test]
    fn vnc_enabled_defaults_to_true() {
        let vnc: VncSpec = serde_json::from_str(r#"{"port":5901,"protocol":"websocket"}"#).unwrap();
        assert!(vnc.enabled);
        assert_eq!(vnc.protocol, Some(VncProtocol::Websocket));
        assert_eq!(
            serde_json::from_str::<VncSpec>("{}").unwrap(),
            VncSpec::default()
        );
    }
}
