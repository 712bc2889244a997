//! The report as PDF, typeset in-process by Typst: the layout is `report.typ`, the content
//! the report's blocks as JSON beside it, each chart an SVG file embedded as vectors, the
//! fonts the DejaVu Sans shipped in `assets/`. Nothing is read from disk or the network: the
//! Typst world below serves only those files.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use super::{Block, Report};
use crate::error::{CoreError, Result};

const LAYOUT: &str = include_str!("report.typ");

/// The fonts and the standard library, made once per process.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = [
        &include_bytes!("../../assets/DejaVuSans.ttf")[..],
        &include_bytes!("../../assets/DejaVuSans-Bold.ttf")[..],
    ]
    .into_iter()
    .flat_map(|data| Font::iter(Bytes::new(data)))
    .collect();
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

fn file_id(path: &str) -> Option<FileId> {
    VirtualPath::new(path)
        .ok()
        .map(|p| RootedPath::new(VirtualRoot::Project, p).intern())
}

/// One report's files: the layout, its content, its charts.
struct ReportWorld {
    main: Source,
    files: Vec<(FileId, Bytes)>,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, b)| b.clone())
            .ok_or(FileError::AccessDenied)
    }
    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }
    // The layout never asks for today: the report's date is in its content.
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: u32,
}

fn failed(what: &str, diags: &[SourceDiagnostic]) -> CoreError {
    let why: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    CoreError::Conflict(format!(
        "The report could not be {what}: {}.",
        why.join("; ")
    ))
}

fn json_failed(e: serde_json::Error) -> CoreError {
    CoreError::Conflict(format!("The report's content could not be written: {e}."))
}

pub fn render(report: &Report) -> Result<Pdf> {
    let (Some(main), Some(content)) = (file_id("/report.typ"), file_id("/report.json")) else {
        return Err(CoreError::Conflict(
            "The report's layout has no path.".into(),
        ));
    };
    let mut files = Vec::new();
    // The content as JSON, each chart replaced by the name of its file.
    let mut sections = Vec::new();
    for s in &report.sections {
        let mut blocks = Vec::new();
        for b in &s.blocks {
            match b {
                Block::Chart { svg, caption } => {
                    let name = format!("/chart-{}.svg", files.len() + 1);
                    let id = file_id(&name).ok_or_else(|| {
                        CoreError::Conflict("A chart of the report has no path.".into())
                    })?;
                    files.push((id, Bytes::new(svg.clone().into_bytes())));
                    blocks.push(
                        serde_json::json!({"kind": "chart", "file": name, "caption": caption}),
                    );
                }
                other => blocks.push(serde_json::to_value(other).map_err(json_failed)?),
            }
        }
        sections.push(serde_json::json!({"id": s.section.as_str(), "label": s.section.label(), "blocks": blocks}));
    }
    let mut data = serde_json::to_value(report).map_err(json_failed)?;
    data["sections"] = serde_json::Value::Array(sections);
    files.push((
        content,
        Bytes::new(serde_json::to_vec(&data).map_err(json_failed)?),
    ));
    let world = ReportWorld {
        main: Source::new(main, LAYOUT.to_string()),
        files,
    };
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|e| failed("laid out", &e))?;
    let bytes = typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|e| failed("written as PDF", &e))?;
    Ok(Pdf {
        bytes,
        pages: document.pages().len() as u32,
    })
}
