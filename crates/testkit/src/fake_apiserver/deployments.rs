//! A simulated Deployment controller, and optionally a kubelet, writing a
//! Deployment's status the way kube-controller-manager does: about six
//! writes for a new Deployment, each a stored write of its own (own
//! resourceVersion, own MODIFIED event), through the status subresource as
//! the manager `kube-controller-manager` (never through HTTP, so the write
//! counters keep counting clients only).
//!
//! For each new generation (a create, a spec or annotation change):
//! 1. the `deployment.kubernetes.io/revision` annotation (a new revision
//!    when the pod template changed, with `Progressing` `NewReplicaSetCreated`);
//! 2. `observedGeneration`;
//! 3. `replicas`, `updatedReplicas` and `unavailableReplicas`, `Available`
//!    False, `Progressing` `ReplicaSetUpdated` (scaled to 0: every counter
//!    dropped, `Available` True, `Progressing` `NewReplicaSetAvailable`);
//!
//! then, only when pods become ready ([`super::FakeOptions::pods_ready_after`]):
//! 4. `readyReplicas` and `availableReplicas`;
//! 5. `Available` True `MinimumReplicasAvailable`;
//! 6. `Progressing` `NewReplicaSetAvailable`.
//!
//! Only those fields are written, so a `readyReplicas` a test sets through
//! `/status` stays until step 4 (or a scale to 0) recomputes it. A new
//! generation restarts the sequence, as a real controller resyncs from the
//! latest object. One task and one queue serve every Deployment, and the
//! store is locked for one step at a time.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::{Arc, Weak};
use std::time::Duration;

use serde_json::{Map, Value, json};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::Instant;

use super::Shared;
use super::catalog::{ResourceDef, find};
use super::gc::GcQueue;
use super::ids;
use super::rest::commit_as_controller;
use super::store::{Change, EventType, ObjectKey, Store};
use super::strategy::{meta_mut, meta_str};

/// The annotation holding the Deployment's revision.
const REVISION: &str = "deployment.kubernetes.io/revision";

/// Steps run back to back before the task yields to other work.
const BATCH: usize = 64;

/// When the simulated controller and kubelet act.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    /// Pause between two status writes of one Deployment.
    pub step: Duration,
    /// How long after step 3 pods become ready; `None`: never.
    pub pods_ready_after: Option<Duration>,
}

/// The Deployments' resource type.
pub fn resource() -> &'static ResourceDef {
    find("apps", "v1", "deployments").expect("deployments are served")
}

/// One status write of a rollout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Revision,
    ObservedGeneration,
    Replicas,
    PodsReady,
    Available,
    Complete,
}

/// What the controller knows of one Deployment (by uid).
struct Rollout {
    key: ObjectKey,
    /// The generation being rolled out.
    generation: i64,
    /// Bumped on each restart; queued steps of an older epoch are dropped.
    epoch: u64,
    next: Step,
    /// Hash of the pod template of the current revision.
    template: Option<String>,
    revision: u64,
}

impl Rollout {
    fn replica_set(&self) -> String {
        format!(
            "{}-{}",
            self.key.name,
            self.template.as_deref().unwrap_or("")
        )
    }
}

/// A step due at an instant: (when, order of queueing, uid, epoch).
type Due = Reverse<(Instant, u64, String, u64)>;

struct Controller {
    timing: Timing,
    rollouts: HashMap<String, Rollout>,
    queue: BinaryHeap<Due>,
    queued: u64,
}

/// The controller: follows Deployment changes until the fake is dropped.
pub async fn run(
    shared: Weak<Shared>,
    mut changes: UnboundedReceiver<Arc<Change>>,
    timing: Timing,
) {
    let mut controller = Controller {
        timing,
        rollouts: HashMap::new(),
        queue: BinaryHeap::new(),
        queued: 0,
    };
    loop {
        let next_due = controller.queue.peek().map(|Reverse((at, ..))| *at);
        tokio::select! {
            change = changes.recv() => match change {
                Some(change) => controller.observe(&change),
                None => break,
            },
            () = sleep_until(next_due) => {
                let Some(shared) = shared.upgrade() else { break };
                controller.run_due(&shared);
                drop(shared);
                tokio::task::yield_now().await;
            }
        }
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

impl Controller {
    /// Starts (or restarts) the rollout of a Deployment whose generation
    /// changed; forgets deleted ones.
    fn observe(&mut self, change: &Change) {
        let object = &change.object;
        let Some(uid) = meta_str(object, "uid") else {
            return;
        };
        if change.event == EventType::Deleted {
            self.rollouts.remove(uid);
            return;
        }
        let generation = generation_of(object);
        let rollout = self
            .rollouts
            .entry(uid.to_owned())
            .or_insert_with(|| Rollout {
                key: ObjectKey::new(
                    resource(),
                    meta_str(object, "namespace").unwrap_or_default(),
                    meta_str(object, "name").unwrap_or_default(),
                ),
                generation: 0,
                epoch: 0,
                next: Step::Revision,
                template: None,
                revision: 0,
            });
        if rollout.generation == generation {
            return;
        }
        rollout.generation = generation;
        rollout.epoch += 1;
        rollout.next = Step::Revision;
        let epoch = rollout.epoch;
        self.schedule(uid.to_owned(), epoch, self.timing.step);
    }

    fn schedule(&mut self, uid: String, epoch: u64, after: Duration) {
        self.queued += 1;
        self.queue
            .push(Reverse((Instant::now() + after, self.queued, uid, epoch)));
    }

    /// Runs up to [`BATCH`] due steps, locking the store for each.
    fn run_due(&mut self, shared: &Shared) {
        let now = Instant::now();
        for _ in 0..BATCH {
            match self.queue.peek() {
                Some(Reverse((at, ..))) if *at <= now => {}
                _ => return,
            }
            let Some(Reverse((_, _, uid, epoch))) = self.queue.pop() else {
                return;
            };
            let after = self.step(&mut shared.store(), &shared.gc, &uid, epoch);
            if let Some(after) = after {
                self.schedule(uid, epoch, after);
            }
        }
    }

    /// Writes the next status of a rollout still current; returns when the
    /// one after is due.
    fn step(&mut self, store: &mut Store, gc: &GcQueue, uid: &str, epoch: u64) -> Option<Duration> {
        let timing = self.timing;
        let rollout = self.rollouts.get_mut(uid).filter(|r| r.epoch == epoch)?;
        let mut object = store.get(&rollout.key)?.object.clone();
        if meta_str(&object, "uid") != Some(uid) || generation_of(&object) != rollout.generation {
            // A newer generation is queued by its own change.
            return None;
        }
        let replicas = object
            .pointer("/spec/replicas")
            .and_then(Value::as_i64)
            .unwrap_or(1);
        let now = ids::now();
        let (next, after) = match rollout.next {
            Step::Revision => {
                let template = template_hash(&object);
                let new_replica_set = rollout.template.as_deref() != Some(template.as_str());
                if new_replica_set {
                    rollout.revision += 1;
                    rollout.template = Some(template);
                }
                let annotations = meta_mut(&mut object)
                    .entry("annotations")
                    .or_insert_with(|| json!({}));
                annotations[REVISION] = json!(rollout.revision.to_string());
                if new_replica_set {
                    let message = format!("Created new replica set \"{}\"", rollout.replica_set());
                    let status = status_mut(&mut object);
                    let progressing = Condition::progressing("NewReplicaSetCreated", &message);
                    progressing.set(status, &now);
                }
                (Some(Step::ObservedGeneration), Some(timing.step))
            }
            Step::ObservedGeneration => {
                status_mut(&mut object)
                    .insert("observedGeneration".into(), json!(rollout.generation));
                (Some(Step::Replicas), Some(timing.step))
            }
            Step::Replicas if replicas == 0 => {
                let replica_set = rollout.replica_set();
                let status = status_mut(&mut object);
                for field in COUNTERS {
                    status.remove(field);
                }
                Condition::available(true).set(status, &now);
                Condition::complete(&replica_set).set(status, &now);
                (None, None)
            }
            Step::Replicas => {
                let replica_set = rollout.replica_set();
                let status = status_mut(&mut object);
                let available = status
                    .get("availableReplicas")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                set_count(status, "replicas", replicas);
                set_count(status, "updatedReplicas", replicas);
                set_count(
                    status,
                    "unavailableReplicas",
                    replicas - available.min(replicas),
                );
                Condition::available(false).set(status, &now);
                let message = format!("ReplicaSet \"{replica_set}\" is progressing.");
                Condition::progressing("ReplicaSetUpdated", &message).set(status, &now);
                (Some(Step::PodsReady), timing.pods_ready_after)
            }
            Step::PodsReady => {
                let status = status_mut(&mut object);
                set_count(status, "readyReplicas", replicas);
                set_count(status, "availableReplicas", replicas);
                status.remove("unavailableReplicas");
                (Some(Step::Available), Some(timing.step))
            }
            Step::Available => {
                Condition::available(true).set(status_mut(&mut object), &now);
                (Some(Step::Complete), Some(timing.step))
            }
            Step::Complete => {
                let replica_set = rollout.replica_set();
                Condition::complete(&replica_set).set(status_mut(&mut object), &now);
                (None, None)
            }
        };
        write_status(store, gc, &rollout.key, object);
        rollout.next = next?;
        after
    }
}

/// The counters a Deployment's status reports.
const COUNTERS: [&str; 5] = [
    "replicas",
    "updatedReplicas",
    "readyReplicas",
    "availableReplicas",
    "unavailableReplicas",
];

fn generation_of(object: &Value) -> i64 {
    object
        .pointer("/metadata/generation")
        .and_then(Value::as_i64)
        .unwrap_or(0)
}

/// The object's `status` map (created when missing).
fn status_mut(object: &mut Value) -> &mut Map<String, Value> {
    if !object.get("status").is_some_and(Value::is_object) {
        object["status"] = json!({});
    }
    object["status"]
        .as_object_mut()
        .expect("status is an object")
}

/// Sets a counter; zero is omitted, as the real server omits it.
fn set_count(status: &mut Map<String, Value>, field: &str, n: i64) {
    if n == 0 {
        status.remove(field);
    } else {
        status.insert(field.into(), json!(n));
    }
}

/// The `pod-template-hash` of the ReplicaSet for the object's pod template:
/// a hash of the template in the alphabet of generated names.
fn template_hash(object: &Value) -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let template = object.pointer("/spec/template").unwrap_or(&Value::Null);
    // FNV-1a: stable across runs, unlike std's hasher.
    let hash = template
        .to_string()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("{:010}", hash % 10_000_000_000)
        .bytes()
        .map(|b| ALPHABET[(usize::from(b) * 7 + 3) % ALPHABET.len()] as char)
        .collect()
}

/// A Deployment condition to set.
struct Condition<'a> {
    type_: &'a str,
    status: &'a str,
    reason: &'a str,
    message: String,
}

impl<'a> Condition<'a> {
    fn progressing(reason: &'a str, message: &str) -> Self {
        Self {
            type_: "Progressing",
            status: "True",
            reason,
            message: message.to_owned(),
        }
    }

    fn complete(replica_set: &str) -> Self {
        let message = format!("ReplicaSet \"{replica_set}\" has successfully progressed.");
        Self::progressing("NewReplicaSetAvailable", &message)
    }

    fn available(available: bool) -> Self {
        if available {
            Self {
                type_: "Available",
                status: "True",
                reason: "MinimumReplicasAvailable",
                message: "Deployment has minimum availability.".into(),
            }
        } else {
            Self {
                type_: "Available",
                status: "False",
                reason: "MinimumReplicasUnavailable",
                message: "Deployment does not have minimum availability.".into(),
            }
        }
    }

    /// Sets the condition as the controller's `SetDeploymentCondition`
    /// does: nothing changes when status and reason are the same; else the
    /// condition is replaced and moved last, keeping its transition time
    /// when the status is the same.
    fn set(self, status: &mut Map<String, Value>, now: &str) {
        let conditions = status.entry("conditions").or_insert_with(|| json!([]));
        if !conditions.is_array() {
            *conditions = json!([]);
        }
        let conditions = conditions.as_array_mut().expect("just made an array");
        let field = |c: &Value, f: &str| c.get(f).and_then(Value::as_str).map(str::to_owned);
        let position = conditions.iter().position(|c| c["type"] == self.type_);
        let current = position.map(|i| &conditions[i]);
        let same_status =
            current.is_some_and(|c| field(c, "status").as_deref() == Some(self.status));
        if same_status
            && current.is_some_and(|c| field(c, "reason").as_deref() == Some(self.reason))
        {
            return;
        }
        let transition = current
            .filter(|_| same_status)
            .and_then(|c| field(c, "lastTransitionTime"))
            .unwrap_or_else(|| now.to_owned());
        if let Some(i) = position {
            conditions.remove(i);
        }
        conditions.push(json!({
            "type": self.type_,
            "status": self.status,
            "lastUpdateTime": now,
            "lastTransitionTime": transition,
            "reason": self.reason,
            "message": self.message,
        }));
    }
}

/// Commits `object` as the controller's write to the status subresource.
fn write_status(store: &mut Store, gc: &GcQueue, key: &ObjectKey, object: Value) {
    commit_as_controller(store, gc, key, object, Some("status"));
}
