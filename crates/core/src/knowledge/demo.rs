//! The demo's knowledge articles.

use chrono::Duration;

use crate::demo::Spine;
use crate::error::Result;
use crate::knowledge::{create_in, ArticleInput, ArticleStatus};
use crate::workspace::{Actor, Workspace};

const ARTICLES: &[(&str, &str)] = &[
    ("Outlook keeps asking for the password", "Cause: a stale token after the password change.\n1. Close Outlook.\n2. Windows Credential Manager: remove entries starting with MicrosoftOffice.\n3. Start Outlook and sign in once.\nIf it persists, check the account is not locked in Entra ID."),
    ("Label printing fails for parcel bookings", "Workaround: reprint from Bookings > History > Reprint label.\nThe label service times out when the Zebra print server queue holds more than 500 jobs; clear the queue on prt-ham-01.\nKnown error KE-0042, permanent fix planned with the portal 4.13 release."),
    ("Scanners cannot sync picks", "Check the scanner is on the depot Wi-Fi (SSID HSL-DEPOT), not the guest network.\nRestart the sync agent from the scanner menu: Settings > WMS > Restart sync.\nIf several scanners fail at once, the WMS API is down: escalate to Application Support."),
    ("Depot VPN drops every few minutes", "Update the FortiClient to 7.4 and disable IPv6 on the adapter.\nOn site routers, check the MPLS circuit TN-MPLS-4471 with TelcoNet (+49 800 5550 800)."),
    ("New starter has no accounts", "Accounts are created by the HR onboarding workflow on the start date minus 3 days.\nCheck the HR record is complete (cost centre, manager); then re-run the workflow from the HR portal."),
    ("Laptop will not boot after update", "Hold the power button 15 s, then boot with F8 into recovery > Uninstall latest quality update.\nBitLocker recovery keys are in Entra ID under the device."),
];

/// Who wrote them: the desk's lead and analysts, in turn.
const AUTHORS: &[&str] = &["Jonas Brandt", "Aylin Demir"];

/// Written by the desk's own people over the past months (a fortnight apart, the oldest
/// first), not by whoever opens the demo.
pub(crate) fn knowledge_articles(ws: &Workspace, _: &Spine) -> Result<()> {
    let now = ws.now();
    for (k, (title, body)) in ARTICLES.iter().enumerate() {
        let author = Actor::parse(AUTHORS[k % AUTHORS.len()])?;
        let at = now - Duration::days(14 * (ARTICLES.len() - k) as i64) - Duration::hours(3 + k as i64);
        ws.replay_as(&author, at, |tx| create_in(tx, &ArticleInput { title: (*title).into(), body: (*body).into(), status: ArticleStatus::Published }))?;
    }
    Ok(())
}
