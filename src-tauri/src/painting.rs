//! How the window paints on Linux. Without a GPU render node (a virtual machine, a remote
//! desktop, a laptop whose driver is missing), WebKitGTK's accelerated compositor runs on the
//! CPU through a software OpenGL: each frame after a scroll then costs tens of milliseconds
//! (measured: a jump into a million incidents took 150 ms, 45 ms without it). Its
//! non-composited path paints the same page several times faster, so that is what Steward
//! asks for there. Where a render node exists nothing changes, and a user's own
//! `WEBKIT_DISABLE_COMPOSITING_MODE` always wins.

const SWITCH: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Whether to paint without the compositor, given the entries of `/dev/dri`.
fn paint_without_compositor(dri_entries: &[String]) -> bool {
    !dri_entries.iter().any(|e| e.starts_with("renderD"))
}

/// Decides before the first window exists (WebKit reads the switch once, at start).
pub fn choose() {
    if !cfg!(target_os = "linux") || std::env::var_os(SWITCH).is_some() {
        return;
    }
    let entries: Vec<String> = std::fs::read_dir("/dev/dri").map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()).unwrap_or_default();
    if paint_without_compositor(&entries) {
        // Still single-threaded here: nothing else reads the environment yet.
        std::env::set_var(SWITCH, "1");
    }
}

#[cfg(test)]
mod tests {
    use super::paint_without_compositor;

    #[test]
    fn the_compositor_is_left_on_only_where_a_gpu_render_node_exists() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(paint_without_compositor(&[]), "no /dev/dri at all");
        assert!(paint_without_compositor(&names(&["card0", "by-path"])), "a display device alone renders nothing");
        assert!(!paint_without_compositor(&names(&["by-path", "card1", "renderD128"])));
    }
}
