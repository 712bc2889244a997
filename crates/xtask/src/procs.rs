//! Every child xtask starts runs in a process group of its own, under a time limit, and
//! carries a mark in its environment (`STEWARD_XTASK_RUN`) that its own children inherit.
//! A step past its limit, or interrupted (Ctrl+C, SIGTERM, SIGHUP), is killed with its whole
//! group and with everything else that carries the mark (tauri-driver's own group, the
//! WebKit driver, the app); at the end of a run, anything still alive that carries the mark
//! is a leak, and the run fails naming it.

use std::process::{Command, ExitStatus};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use std::os::unix::process::CommandExt;

/// The environment variable that marks every process of one xtask run.
pub const MARK: &str = "STEWARD_XTASK_RUN";

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// The value of this run's mark: xtask's own process id, unique among the living.
pub fn mark() -> String {
    std::process::id().to_string()
}

/// From now on Ctrl+C, SIGTERM and SIGHUP do not end xtask at once: the running step is
/// killed with everything it started, and the run ends with its summary.
pub fn catch_interrupts() {
    let handler: extern "C" fn(libc::c_int) = on_signal;
    for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
        unsafe {
            libc::signal(sig, handler as libc::sighandler_t);
        }
    }
}

pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// How a limited command ended.
pub enum Ended {
    Exited(ExitStatus),
    TimedOut(Duration),
    Interrupted,
}

/// Runs `cmd` in a new process group, marked, for at most `limit`. Past it (or on an
/// interrupt) the group and every marked process are killed.
pub fn run_limited(cmd: &mut Command, limit: Duration) -> std::io::Result<Ended> {
    cmd.process_group(0).env(MARK, mark());
    let mut child = cmd.spawn()?;
    let group = child.id() as libc::pid_t;
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            // The step ended; whatever it left in its group goes with it.
            kill_group(group);
            return Ok(Ended::Exited(status));
        }
        let over = started.elapsed() > limit;
        if over || interrupted() {
            kill_group(group);
            let _ = child.kill();
            let _ = child.wait();
            kill_marked();
            return Ok(if over { Ended::TimedOut(limit) } else { Ended::Interrupted });
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Spawns a long-lived helper (Xvfb) in its own group, marked.
pub fn spawn_marked(cmd: &mut Command) -> std::io::Result<std::process::Child> {
    cmd.process_group(0).env(MARK, mark()).spawn()
}

pub fn kill_group(group: libc::pid_t) {
    // SAFETY: kill(2) with a negative pid signals a process group; no memory is involved.
    unsafe {
        libc::kill(-group, libc::SIGKILL);
    }
}

/// The living processes (other than xtask) that carry this run's mark, with their command
/// lines.
pub fn marked() -> Vec<(u32, String)> {
    let want = format!("{MARK}={}", mark());
    let me = std::process::id();
    let Ok(entries) = std::fs::read_dir("/proc") else { return vec![] };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        if pid == me {
            continue;
        }
        let Ok(env) = std::fs::read(e.path().join("environ")) else { continue };
        if !env.split(|b| *b == 0).any(|v| v == want.as_bytes()) {
            continue;
        }
        // A zombie waiting for its parent is gone already.
        let state = std::fs::read_to_string(e.path().join("stat")).ok().and_then(|s| s.rsplit(')').next().and_then(|r| r.split_whitespace().next()).map(str::to_string));
        if state.as_deref() == Some("Z") {
            continue;
        }
        let cmdline = std::fs::read(e.path().join("cmdline")).map(|c| String::from_utf8_lossy(&c).replace('\0', " ").trim().to_string()).unwrap_or_default();
        out.push((pid, cmdline));
    }
    out.sort();
    out
}

pub fn kill_marked() {
    for (pid, _) in marked() {
        // SAFETY: as in kill_group.
        unsafe {
            libc::kill(pid as libc::pid_t, libc::SIGKILL);
        }
    }
}

/// What of this run is still alive a moment after everything should have ended: killed,
/// and returned so the run can fail naming it.
pub fn leaks() -> Vec<(u32, String)> {
    let deadline = Instant::now() + Duration::from_secs(3);
    let mut left = marked();
    while !left.is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        left = marked();
    }
    if !left.is_empty() {
        kill_marked();
    }
    left
}
