//! The assessment benchmark: an assessment of all 34 practices against a pack of 30 criteria
//! each (1,020 answers), scored and drawn as a radar, each against a baseline from the same
//! run (the bare SQL GROUP BY over the same answers; the scoring the radar reads).

use std::path::Path;

use steward_core::assessments::criteria::import_criteria;
use steward_core::assessments::{answers, create_assessment, practices, AssessmentInput};
use steward_core::charts::{assessment_radar, Theme};
use steward_core::workspace::{Actor, Workspace};

use crate::measure::{ms, percentile, Figure};

const PER_PRACTICE: usize = 30;

pub fn run(dir: &Path) -> Result<Vec<Figure>, String> {
    let path = dir.join("assessments.steward");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let e = |e: steward_core::CoreError| e.to_string();
    let ws = Workspace::create(&path, Actor::parse("benchmark").map_err(e)?).map_err(e)?;
    // The pack and the answers as files, through the import pipeline: levels 2-5 in turn;
    // answers met, with every seventh partly and every eleventh not applicable.
    let (mut pack, mut answered) = (String::from("practice,level,criterion,dimension\n"), String::from("practice,level,criterion,answer,note\n"));
    for p in practices::all() {
        for k in 0..PER_PRACTICE {
            let level = 2 + k % 4;
            pack.push_str(&format!("{},{level},Criterion {k} of {},\n", p.name, p.name));
            let answer = if k % 11 == 10 { "na" } else if k % 7 == 6 { "partly" } else { "met" };
            answered.push_str(&format!("{},{level},Criterion {k} of {},{answer},\n", p.name, p.name));
        }
    }
    let (pack_file, answers_file) = (dir.join("assessment-pack.csv"), dir.join("assessment-answers.csv"));
    std::fs::write(&pack_file, pack).map_err(|e| e.to_string())?;
    std::fs::write(&answers_file, answered).map_err(|e| e.to_string())?;
    import_criteria(&ws, &pack_file, None, &Default::default()).map_err(e)?;
    let names: Vec<String> = practices::all().iter().map(|p| p.name.clone()).collect();
    let a = create_assessment(&ws, &AssessmentInput { name: "Benchmark".into(), practices: names, ..Default::default() }).map_err(e)?;
    let r = answers::answer_file(&ws, a.id, &answers_file, &Default::default()).map_err(e)?;
    if r.created != (34 * PER_PRACTICE) as u64 {
        return Err(format!("the benchmark's answers did not all import: {r:?}"));
    }
    let raw = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| e.to_string())?;
    let mut base: Vec<f64> = (0..20)
        .map(|_| {
            ms(|| {
                raw.prepare_cached(
                    "SELECT c.practice, c.level, count(*), sum(a.answer = 'met') FROM criteria c
                       LEFT JOIN assessment_answers a ON a.criterion_id = c.id AND a.assessment_id = ?1
                      WHERE a.answer IS NOT 'na' GROUP BY 1, 2",
                )
                .and_then(|mut s| s.query_map([a.id.0], |r| r.get::<_, i64>(2)).map(|rows| rows.count()))
            })
            .0
        })
        .collect();
    let mut score: Vec<f64> = Vec::new();
    for _ in 0..20 {
        let (t, r) = ms(|| steward_core::assessments::score::results(&ws, a.id));
        let r = r.map_err(e)?;
        // Every practice alike: 30 criteria, two of them na (k = 10, 21); level 2's k = 20 is
        // partly met, so no practice passes level 2.
        if r.practices.len() != 34 || r.practices.iter().any(|p| p.criteria != 28 || p.level != 1) {
            return Err(format!("the benchmark's assessment did not score as generated: {:?}", r.practices.first().map(|p| (p.criteria, p.level))));
        }
        score.push(t);
    }
    let mut radar: Vec<f64> = Vec::new();
    for _ in 0..10 {
        let (t, svg) = ms(|| assessment_radar::radar_svg(&ws, a.id, None, Theme::Light));
        if !svg.map_err(e)?.contains("software development and management") {
            return Err("the radar lacks an axis".into());
        }
        radar.push(t);
    }
    let score_ms = percentile(&mut score, 50.0);
    Ok(vec![
        Figure::new("assessments.score", score_ms, "ms", "< 20 ms (34 practices x 30 criteria)").against("SQL GROUP BY over the same answers", percentile(&mut base, 50.0)),
        Figure::new("assessments.radar", percentile(&mut radar, 50.0), "ms", "< 50 ms (34 axes)").against("scoring the radar reads (assessments.score)", score_ms),
    ])
}
