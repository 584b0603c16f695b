//! The one-line summary of each Session reconcile, so a person watching the
//! logs (the editor's live logs panel, `kubectl logs`) sees the policy at
//! work. A script reload reaches every Session at once, so the lines are
//! limited to [`LINES_PER_SECOND`]; the next line logged says how many were
//! left out, so nothing is hidden without saying so.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::crd::SessionPhase;

/// At most this many summaries a second: readable as they scroll by, and
/// cheap at a thousand Sessions.
pub const LINES_PER_SECOND: u32 = 20;

/// What one reconcile did.
pub struct ReconcileSummary<'a> {
    /// The Session's namespace.
    pub namespace: &'a str,
    /// The Session's name.
    pub name: &'a str,
    /// The script version that decided.
    pub version: &'a str,
    /// The phase decided.
    pub phase: SessionPhase,
    /// Children written.
    pub applied: usize,
    /// Children that already matched.
    pub unchanged: usize,
    /// Children pruned.
    pub deleted: usize,
    /// Whether the status was written (else it already said the same).
    pub status_written: bool,
    /// How long the reconcile took.
    pub took: Duration,
}

/// Limits the summaries to [`LINES_PER_SECOND`], counting those left out.
#[derive(Default)]
pub struct ReconcileLog {
    window: Mutex<Window>,
}

#[derive(Default)]
struct Window {
    start: Option<Instant>,
    lines: u32,
    left_out: u64,
}

impl ReconcileLog {
    /// Logs `summary` at info level unless this second's lines are used up.
    pub fn log(&self, summary: &ReconcileSummary<'_>) {
        let Some(left_out) = self.admit(Instant::now()) else {
            return;
        };
        let status = if summary.status_written {
            "written"
        } else {
            "unchanged"
        };
        let took_ms = summary.took.as_secs_f64() * 1000.0;
        let message = if left_out > 0 {
            format!("reconciled ({left_out} more reconciles not logged since the last line)")
        } else {
            "reconciled".to_owned()
        };
        tracing::info!(
            session = format_args!("{}/{}", summary.namespace, summary.name),
            version = summary.version,
            phase = summary.phase.as_str(),
            applied = summary.applied,
            unchanged = summary.unchanged,
            deleted = summary.deleted,
            status,
            took_ms = format_args!("{took_ms:.1}"),
            "{message}"
        );
    }

    /// `Some(lines left out before this one)` when a line may be logged at
    /// `now`, else `None` (and the line is counted as left out).
    fn admit(&self, now: Instant) -> Option<u64> {
        let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
        let current = window
            .start
            .is_some_and(|start| now.duration_since(start) < Duration::from_secs(1));
        if !current {
            window.start = Some(now);
            window.lines = 0;
        }
        if window.lines >= LINES_PER_SECOND {
            window.left_out += 1;
            return None;
        }
        window.lines += 1;
        Some(std::mem::take(&mut window.left_out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_cut_to_the_limit_and_the_next_line_counts_what_was_left_out() {
        let log = ReconcileLog::default();
        let start = Instant::now();
        let admitted = (0..1000).filter(|_| log.admit(start).is_some()).count();
        assert_eq!(admitted, LINES_PER_SECOND as usize);
        let later = start + Duration::from_millis(999);
        assert_eq!(log.admit(later), None, "still the same second");
        let next = start + Duration::from_secs(1);
        assert_eq!(
            log.admit(next),
            Some(1000 - u64::from(LINES_PER_SECOND) + 1),
            "the first line of the next second says how many were left out"
        );
        assert_eq!(log.admit(next), Some(0), "and only once");
    }
}
