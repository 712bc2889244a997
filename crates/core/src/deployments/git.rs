//! Deployments from a client's own git repository, read directly (a work tree or a bare
//! repository; no `git` binary): every tag that matches the pattern is one successful
//! deployment to the environment, at the tagger date of an annotated tag, else the committer
//! date of its commit; a commit belongs to the earliest deployment (by time) whose tag
//! reaches it. Idempotent: a tag already imported is matched by its key and changes only
//! when the repository moved it.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use sha2::{Digest, Sha256};

use super::{DeploymentInput, DeploymentMethod, DeploymentResult};
use crate::error::{CoreError, Result};
use crate::import::{history, ImportReport};
use crate::record::{RecordKind, RecordRef};
use crate::workspace::{Action, Workspace};

pub const FORMAT: &str = "git";

/// The import report, with the tags read as deployments and the commits that belong to one.
#[derive(Debug, Clone, Serialize, TS)]
pub struct GitImport {
    #[serde(flatten)]
    pub report: ImportReport,
    pub deployments: u64,
    pub commits: u64,
}

/// Where the deployments go and which tags count.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct GitTarget {
    /// The service deployed (created when new); the application is its name, else the
    /// repository's folder name.
    pub service: Option<String>,
    /// The environment (default: production).
    pub environment: Option<String>,
    /// A glob over tag names (`*` any run, `?` one character); none: every tag.
    pub tags: Option<String>,
}

/// `*` and `?` over a whole tag name.
fn glob(pattern: &[char], name: &[char]) -> bool {
    match (pattern.first(), name.first()) {
        (None, None) => true,
        (Some('*'), _) => glob(&pattern[1..], name) || (!name.is_empty() && glob(pattern, &name[1..])),
        (Some('?'), Some(_)) => glob(&pattern[1..], &name[1..]),
        (Some(p), Some(n)) if p == n => glob(&pattern[1..], &name[1..]),
        _ => false,
    }
}

fn file_error(path: &Path, why: impl std::fmt::Display) -> CoreError {
    CoreError::validation("file", format!("{}: {why}", path.display()))
}

struct Tag {
    name: String,
    commit: gix::ObjectId,
    at: i64,
}

/// Reads the tags and assigns the commits: everything the import writes, computed before
/// the workspace is touched (a repository that cannot be read writes nothing).
fn read(path: &Path, pattern: Option<&str>) -> Result<(Vec<Tag>, HashMap<usize, Vec<(String, i64)>>, String)> {
    let repo = gix::open(path).map_err(|e| file_error(path, format!("not a git repository (neither a work tree nor a bare repository): {e}")))?;
    if repo.is_shallow().unwrap_or(false) {
        return Err(file_error(path, "a shallow clone: its history stops early, so lead times would be wrong. Fetch the whole history (git fetch --unshallow) and import again."));
    }
    let pattern: Option<Vec<char>> = pattern.filter(|p| !p.trim().is_empty()).map(|p| p.trim().chars().collect());
    let platform = repo.references().map_err(|e| file_error(path, format!("its references cannot be read: {e}")))?;
    let mut tags = Vec::new();
    let mut digest = Sha256::new();
    for r in platform.tags().map_err(|e| file_error(path, format!("its tags cannot be read: {e}")))? {
        let mut r = r.map_err(|e| file_error(path, format!("a tag cannot be read: {e}")))?;
        let name = r.name().shorten().to_string();
        if pattern.as_ref().is_some_and(|p| !glob(p, &name.chars().collect::<Vec<_>>())) {
            continue;
        }
        let target = r.id().detach();
        let tagged = repo.find_object(target).map_err(|_| file_error(path, format!("the tag {name} points at an object that is not in the clone")))?;
        let tagger = if tagged.kind == gix::object::Kind::Tag { tagged.into_tag().tagger().ok().flatten().map(|s| s.seconds()) } else { None };
        let commit = r.peel_to_commit().map_err(|_| file_error(path, format!("the tag {name} points at a commit that is not in the clone")))?;
        let at = match tagger {
            Some(t) => t,
            None => commit.time().map_err(|e| file_error(path, format!("the commit of tag {name} has no readable date: {e}")))?.seconds,
        };
        digest.update(format!("{name} {} {at}\n", commit.id));
        tags.push(Tag { name, commit: commit.id, at });
    }
    if tags.is_empty() {
        return Err(file_error(path, match pattern {
            Some(p) => format!("no tag matches \"{}\": Steward reads each tag as a deployment.", p.iter().collect::<String>()),
            None => "the repository has no tags: Steward reads each tag as a deployment.".to_string(),
        }));
    }
    tags.sort_by(|a, b| (a.at, &a.name).cmp(&(b.at, &b.name)));
    // Each commit to the earliest deployment whose tag reaches it: walking the tags in time
    // order, a commit already taken (and so everything below it) is not walked again.
    let mut taken: HashSet<gix::ObjectId> = HashSet::new();
    let mut commits: HashMap<usize, Vec<(String, i64)>> = HashMap::new();
    for (k, tag) in tags.iter().enumerate() {
        let mut stack = vec![tag.commit];
        while let Some(id) = stack.pop() {
            if !taken.insert(id) {
                continue;
            }
            let c = repo.find_commit(id).map_err(|_| file_error(path, format!("commit {id} (below tag {}) is not in the clone: is it a partial or shallow clone?", tag.name)))?;
            let when = c.time().map_err(|e| file_error(path, format!("commit {id} has no readable date: {e}")))?.seconds;
            commits.entry(k).or_default().push((id.to_string(), when));
            stack.extend(c.parent_ids().map(|p| p.detach()));
        }
    }
    Ok((tags, commits, format!("{:x}", digest.finalize())))
}

fn text(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0).map(crate::time::to_text).unwrap_or_default()
}

pub fn import_git(ws: &Workspace, path: &Path, target: &GitTarget) -> Result<GitImport> {
    let (tags, commits, sha256) = read(path, target.tags.as_deref())?;
    let folder = path.canonicalize().ok().and_then(|p| p.file_name().map(|f| f.to_string_lossy().into_owned())).unwrap_or_else(|| "repository".into());
    let folder = folder.strip_suffix(".git").map(str::to_string).unwrap_or(folder);
    let service = target.service.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let application = service.map(str::to_string).unwrap_or(folder.clone());
    let environment = target.environment.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or("production").to_string();
    let mut report = ImportReport::new(FORMAT);
    let mut carried = 0u64;
    ws.write(|tx| {
        let run = history::begin(tx, "deployments", FORMAT, &folder, &sha256)?;
        let mut refs = crate::references::References::default();
        let service_id = refs.resolve_named(tx, RecordKind::Service, "service", service.unwrap_or(""))?;
        for (k, tag) in tags.iter().enumerate() {
            report.rows_read += 1;
            let mine: Vec<(String, String)> = commits.get(&k).map(|v| v.iter().map(|(sha, at)| (sha.clone(), text(*at))).collect()).unwrap_or_default();
            carried += mine.len() as u64;
            let input = DeploymentInput {
                application: application.clone(),
                version: tag.name.clone(),
                service_id,
                environment: environment.clone(),
                started_at: None,
                deployed_at: text(tag.at),
                method: Some(DeploymentMethod::Pipeline),
                deployed_by: String::new(),
                result: DeploymentResult::Succeeded,
                planned: true,
                change_id: None,
            };
            let key = format!("git:{application}:{}:{}", environment.to_lowercase(), tag.name);
            report.count(super::import::write_keyed(tx, run, &key, &input, &mine)?);
        }
        let records = history::finish(tx, run, &report)?;
        tx.audit(Action::did("deployments.imported"), RecordRef::new(RecordKind::Import, run.0), serde_json::json!({
            "repository": folder, "tags": report.rows_read, "commits": carried, "created": report.created, "updated": report.updated,
            "unchanged": report.unchanged, "records": records,
        }))
    })?;
    Ok(GitImport { deployments: report.rows_read, commits: carried, report })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_whole_tag_names() {
        let g = |p: &str, n: &str| glob(&p.chars().collect::<Vec<_>>(), &n.chars().collect::<Vec<_>>());
        assert!(g("v*", "v1.0.4") && g("*", "anything") && g("1.?.0", "1.0.0"));
        assert!(!g("v*", "1.0.0") && !g("1.?", "1.10") && !g("", "x"));
    }
}
