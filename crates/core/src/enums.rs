//! `labelled_enum!` declares a closed set of values stored as snake_case text: serde and
//! TypeScript see the same strings, SQL stores them, and users read the labels.

#[macro_export]
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal : $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Accepts the stored text or the label, case-insensitively.
            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim();
                $(if s.eq_ignore_ascii_case($text) || s.eq_ignore_ascii_case($label) { return Some($name::$variant); })+
                None
            }
        }

        impl $crate::enums::Labelled for $name {
            const ALL: &'static [$name] = $name::ALL;

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }

            fn parse(s: &str) -> Option<Self> {
                $name::parse(s)
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = v.as_str()?;
                $name::parse(s).ok_or_else(|| rusqlite::types::FromSqlError::Other(format!("unknown {} {s:?}", stringify!($name)).into()))
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }
    };
}

/// What every `labelled_enum!` is, for code generic over them (the CLI's argument parser).
pub trait Labelled: Copy + Send + Sync + 'static {
    const ALL: &'static [Self];
    fn as_str(self) -> &'static str;
    /// The stored text or the label, case-insensitively.
    fn parse(s: &str) -> Option<Self>;
}

/// One choice of an enum, for the UI's pickers.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[macro_export]
macro_rules! choices {
    ($name:ident) => {
        $name::ALL.iter().map(|v| $crate::enums::Choice { value: v.as_str().into(), label: v.label().into() }).collect::<Vec<_>>()
    };
}
