//! Generates the commands half of `ui/src/lib/bindings.ts`, the window's typed door to every command, from the
//! one command table (`generate_handler!` in `commands/mod.rs`) and the `#[tauri::command]`
//! signatures in `commands/`: each command's name, its arguments (as the IPC layer names
//! them) and its result, in the TypeScript types ts-rs generated for the same Rust types.
//! Test only: `bindings.rs` writes it after the types, and fails when the committed file is stale.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use quote::ToTokens;
use syn::{FnArg, GenericArgument, Item, Pat, PathArguments, ReturnType, Type};

/// Arguments tauri fills in itself: never sent by the window.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

struct Command {
    name: String,
    /// (name on the wire, TypeScript type)
    args: Vec<(String, String)>,
    result: String,
}

/// Words TypeScript refuses as parameter names.
const RESERVED: &[&str] = &["class", "default", "delete", "enum", "export", "extends", "function", "import", "in", "new", "return", "super", "switch", "this", "typeof", "var", "void", "with", "yield"];

/// A wire name as a TypeScript parameter: camelCase, and a reserved word with `_` after it.
fn param(wire: &str) -> String {
    let c = camel(wire);
    if RESERVED.contains(&c.as_str()) { format!("{c}_") } else { c }
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn last_segment(path: &syn::Path) -> (String, Vec<Type>) {
    let seg = path.segments.last().expect("a type path has a segment");
    let args = match &seg.arguments {
        PathArguments::AngleBracketed(a) => a.args.iter().filter_map(|g| if let GenericArgument::Type(t) = g { Some(t.clone()) } else { None }).collect(),
        _ => vec![],
    };
    (seg.ident.to_string(), args)
}

/// The TypeScript for a Rust type; `names` collects the generated types it refers to.
fn ts(ty: &Type, names: &mut BTreeSet<String>) -> String {
    match ty {
        Type::Reference(r) => ts(&r.elem, names),
        Type::Tuple(t) if t.elems.is_empty() => "void".into(),
        Type::Path(p) => {
            let (name, args) = last_segment(&p.path);
            let arg = |i: usize, names: &mut BTreeSet<String>| ts(&args[i], names);
            match name.as_str() {
                "String" | "str" | "PathBuf" => "string".into(),
                "bool" => "boolean".into(),
                "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" | "f32" | "f64" => "number".into(),
                "Option" => format!("{} | null", arg(0, names)),
                "Vec" => {
                    let inner = arg(0, names);
                    if inner.contains(' ') { format!("Array<{inner}>") } else { format!("{inner}[]") }
                }
                "CmdResult" => arg(0, names),
                "Result" => arg(0, names),
                "HashMap" | "BTreeMap" => format!("Record<{}, {}>", arg(0, names), arg(1, names)),
                "Value" => "unknown".into(),
                "Channel" => {
                    names.insert("Channel".into());
                    format!("Channel<{}>", arg(0, names))
                }
                other => {
                    names.insert(other.to_string());
                    if args.is_empty() {
                        other.to_string()
                    } else {
                        let inner: Vec<String> = (0..args.len()).map(|i| arg(i, names)).collect();
                        format!("{other}<{}>", inner.join(", "))
                    }
                }
            }
        }
        other => panic!("a command uses a type the generator cannot write: {}", other.to_token_stream()),
    }
}

fn is_injected(ty: &Type) -> bool {
    match ty {
        Type::Path(p) => INJECTED.contains(&last_segment(&p.path).0.as_str()),
        Type::Reference(r) => is_injected(&r.elem),
        _ => false,
    }
}

/// The names registered in `generate_handler![...]`, in order.
fn registered(table: &str) -> Vec<String> {
    let start = table.find("generate_handler![").expect("commands/mod.rs registers the commands with generate_handler!") + "generate_handler![".len();
    let end = start + table[start..].find(']').expect("generate_handler! is closed");
    table[start..end].split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| s.rsplit("::").next().unwrap_or(s).to_string()).collect()
}

fn commands_in(file: &syn::File, names: &mut BTreeSet<String>, out: &mut HashMap<String, Command>) {
    for item in &file.items {
        let Item::Fn(f) = item else { continue };
        let Some(attr) = f.attrs.iter().find(|a| a.path().segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>() == ["tauri", "command"]) else { continue };
        let snake = attr.to_token_stream().to_string().replace(' ', "").contains("rename_all=\"snake_case\"");
        let mut args = Vec::new();
        for input in &f.sig.inputs {
            let FnArg::Typed(pt) = input else { continue };
            if is_injected(&pt.ty) {
                continue;
            }
            let Pat::Ident(id) = &*pt.pat else { panic!("{}: an argument without a plain name", f.sig.ident) };
            let rust = id.ident.to_string();
            let wire = if snake { rust.clone() } else { camel(&rust) };
            args.push((wire, ts(&pt.ty, names)));
        }
        let result = match &f.sig.output {
            ReturnType::Default => "void".into(),
            ReturnType::Type(_, t) => ts(t, names),
        };
        let name = f.sig.ident.to_string();
        out.insert(name.clone(), Command { name, args, result });
    }
}

/// The name a TypeScript declaration declares (`type Name<T> = ...`).
fn declared(decl: &str) -> Option<String> {
    decl.strip_prefix("type ").and_then(|l| l.split([' ', '<', '=']).next()).map(str::to_string)
}

pub fn generate(root: &Path, decls: &[String]) -> String {
    let src = root.join("src-tauri/src");
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let mut names = BTreeSet::new();
    let mut found = HashMap::new();
    let mut files: Vec<_> = std::fs::read_dir(src.join("commands")).expect("commands/").filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "rs")) {
        let file = syn::parse_file(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        commands_in(&file, &mut names, &mut found);
    }
    let order = registered(&read(&src.join("commands/mod.rs")));
    let unregistered: Vec<&String> = found.keys().filter(|k| !order.contains(k)).collect();
    assert!(unregistered.is_empty(), "#[tauri::command]s missing from generate_handler!: {unregistered:?}");

    let known: BTreeSet<String> = decls.iter().filter_map(|d| declared(d)).collect();
    let unknown: Vec<&String> = names.iter().filter(|n| *n != "Channel" && !known.contains(*n)).collect();
    assert!(unknown.is_empty(), "command types with no TypeScript declaration (add them to their commands file's `types`): {unknown:?}");

    let mut out = String::new();
    if names.contains("Channel") {
        out.push_str("import type { Channel } from \"@tauri-apps/api/core\";\n");
    }
    out.push_str("import { call } from \"./ipc\";\n\n");
    out.push_str("/** Every command, with its arguments and result as its Rust signature says; errors reject with an AppError. */\n");
    out.push_str("export const commands = {\n");
    for name in &order {
        let c = found.get(name).unwrap_or_else(|| panic!("generate_handler! names {name}, which is no #[tauri::command] in commands/"));
        let params: Vec<String> = c.args.iter().map(|(wire, ty)| format!("{}: {ty}", param(wire))).collect();
        let fields: Vec<String> = c.args.iter().map(|(wire, _)| if param(wire) == *wire { wire.clone() } else { format!("{wire}: {}", param(wire)) }).collect();
        let body = if fields.is_empty() { format!("call<{}>(\"{}\")", c.result, c.name) } else { format!("call<{}>(\"{}\", {{ {} }})", c.result, c.name, fields.join(", ")) };
        out.push_str(&format!("  {}: ({}) => {body},\n", camel(&c.name), params.join(", ")));
    }
    out.push_str("};\n");
    out
}
