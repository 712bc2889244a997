//! A display for the real window: the caller's, or an Xvfb started for the run and stopped
//! when it ends.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{procs, say};

pub struct Display {
    xvfb: Option<std::process::Child>,
    pub name: String,
}

impl Display {
    pub fn get() -> Result<Display, String> {
        if let Ok(d) = std::env::var("DISPLAY") {
            if !d.is_empty() {
                return Ok(Display { xvfb: None, name: d });
            }
        }
        let n = 90 + std::process::id() % 100;
        let name = format!(":{n}");
        say(&format!("no DISPLAY: starting Xvfb on {name}"));
        let child = procs::spawn_marked(Command::new("Xvfb").args([&name, "-screen", "0", "1400x900x24", "-nolisten", "tcp"]).stdout(Stdio::null()).stderr(Stdio::null()))
            .map_err(|e| format!("could not start Xvfb: {e}"))?;
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        let deadline = Instant::now() + Duration::from_secs(10);
        while !socket.exists() {
            if Instant::now() > deadline {
                return Err(format!("Xvfb did not open display {name} within 10 s"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(Display { xvfb: Some(child), name })
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(c) = self.xvfb.as_mut() {
            procs::kill_group(c.id() as libc::pid_t);
            let _ = c.wait();
        }
    }
}
