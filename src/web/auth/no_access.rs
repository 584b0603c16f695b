//! The refusal of a valid Kubernetes identity that has no rights on the
//! scripts ConfigMap: what is missing and the `kubectl` commands that grant
//! it, so the editor can say so plainly at sign-in.

use serde::Serialize;

/// The Role the printed commands create: `get` and `update` on the scripts
/// ConfigMap only.
const EDITOR_ROLE: &str = "streamspace-scripts-editor";

/// The 403 answer to an identity that may neither read nor change the
/// scripts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct NoAccess {
    /// What is missing and how to grant it, in one message.
    pub error: String,
    /// The identity the API server named (a username, or
    /// `system:serviceaccount:<namespace>:<name>`).
    pub identity: String,
    /// The commands that grant editing, for an admin to run; with
    /// `--verb=get` alone they grant viewing.
    pub grant: Vec<String>,
}

impl NoAccess {
    /// The refusal of `identity` on the ConfigMap `namespace/name`.
    pub fn new(identity: &str, namespace: &str, name: &str) -> Self {
        let subject = match identity.strip_prefix("system:serviceaccount:") {
            Some(account) => format!("--serviceaccount={account}"),
            None => format!("--user={identity}"),
        };
        let grant = vec![
            format!(
                "kubectl -n {namespace} create role {EDITOR_ROLE} --verb=get,update \
                 --resource=configmaps --resource-name={name}"
            ),
            format!(
                "kubectl -n {namespace} create rolebinding {EDITOR_ROLE}-{} --role={EDITOR_ROLE} \
                 {subject}",
                binding_suffix(identity)
            ),
        ];
        let error = format!(
            "forbidden: {identity} may not get the scripts ConfigMap {namespace}/{name}: the \
             editor needs `get` on it to view the scripts and `update` to save them. An admin \
             grants editing with `{}` and `{}` (`--verb=get` alone grants viewing); sign in again \
             within 30 s after",
            grant[0], grant[1]
        );
        Self {
            error,
            identity: identity.to_owned(),
            grant,
        }
    }
}

/// `identity` as the end of a RoleBinding name: lower-case letters, digits
/// and dashes (an object name's characters), at most 40 of them.
fn binding_suffix(identity: &str) -> String {
    let name = identity.rsplit(':').next().unwrap_or(identity);
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(40)
        .collect();
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "user".to_owned()
    } else {
        slug.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_account_is_bound_as_one() {
        let refusal = NoAccess::new(
            "system:serviceaccount:team-a:ci-bot",
            "streamspace",
            "streamspace-scripts",
        );
        assert_eq!(
            refusal.grant,
            [
                "kubectl -n streamspace create role streamspace-scripts-editor --verb=get,update \
                 --resource=configmaps --resource-name=streamspace-scripts",
                "kubectl -n streamspace create rolebinding streamspace-scripts-editor-ci-bot \
                 --role=streamspace-scripts-editor --serviceaccount=team-a:ci-bot",
            ]
        );
        assert!(
            refusal.error.contains(&refusal.grant[1]),
            "{}",
            refusal.error
        );
    }

    #[test]
    fn a_user_is_bound_by_name_with_a_valid_binding_name() {
        let refusal = NoAccess::new("Carol.Smith@example.com", "ns", "scripts");
        assert!(
            refusal.grant[1].ends_with(
                "rolebinding streamspace-scripts-editor-carol-smith-example-com \
                 --role=streamspace-scripts-editor --user=Carol.Smith@example.com"
            ),
            "{}",
            refusal.grant[1]
        );
        assert!(refusal.error.starts_with(
            "forbidden: Carol.Smith@example.com may not get the scripts ConfigMap ns/scripts"
        ));
    }
}
