//! src/ffi.rs against include/b44sso.h: a header change must break this test, not users.
//!
//! Both files are parsed with a deliberately small parser: the header's prototypes
//! ("B44_EXPORT <type> <name>(<params>);") and enum, and ffi.rs's `extern "C"` block.
//! C types are translated to the Rust spelling they must have, then compared as text.

use std::collections::BTreeMap;
use std::path::PathBuf;

use b44sso::{ffi, ErrorKind};

/// name -> (parameter types, return type), every type in Rust spelling ("" = no return).
type Signatures = BTreeMap<String, (Vec<String>, String)>;

fn header_text() -> String {
    // B44SSO_HEADER lets a packager point at an installed header instead.
    let path = std::env::var_os("B44SSO_HEADER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../include/b44sso.h"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn binding_text() -> &'static str {
    include_str!("../src/ffi.rs")
}

/// Drops /* */ and // comments and the preprocessor lines.
fn strip_c_noise(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("*/").expect("an unterminated comment") + start + 2;
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.lines()
        .map(|line| line.split("//").next().unwrap())
        .filter(|line| !line.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One C type (without a parameter name) in the Rust spelling the binding must use.
/// A `const` after a `*` qualifies that pointer, so it makes the next level out
/// `*const`: "const char *const *" is "*const *const c_char". A `const` after the last
/// `*` (a top-level qualifier) does not matter to the caller and is dropped.
fn c_type_to_rust(c_type: &str) -> String {
    let spaced = c_type.replace('*', " * ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let stars = tokens.iter().position(|t| *t == "*").unwrap_or(tokens.len());
    let (base_tokens, pointer_tokens) = tokens.split_at(stars);
    let base_const = base_tokens.contains(&"const");
    let base: Vec<&str> = base_tokens.iter().copied().filter(|t| *t != "const").collect();
    let base = match base.join(" ").as_str() {
        "char" => "c_char".to_owned(),
        "int" => "c_int".to_owned(),
        "size_t" => "usize".to_owned(),
        "uint64_t" => "u64".to_owned(),
        "void" if pointer_tokens.is_empty() => String::new(),
        "void" => "c_void".to_owned(),
        other => other.to_owned(),
    };
    // The constness of what each pointer level points at, innermost first.
    let mut pointee_const = vec![];
    let mut next_const = base_const;
    for token in pointer_tokens {
        if *token == "*" {
            pointee_const.push(next_const);
            next_const = false;
        } else {
            assert_eq!(*token, "const", "unexpected token in C type {c_type:?}");
            next_const = true;
        }
    }
    pointee_const
        .iter()
        .fold(base, |inner, is_const| format!("{} {inner}", if *is_const { "*const" } else { "*mut" }))
}

/// Splits "const char *const *names" into its type, dropping the parameter name.
fn c_param_type(param: &str) -> String {
    let param = param.trim();
    let name_start = param.rfind(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
    let (c_type, name) = param.split_at(name_start);
    assert!(!name.is_empty() && !c_type.trim().is_empty(), "a parameter without a name: {param:?}");
    c_type_to_rust(c_type)
}

fn header_functions(header: &str) -> Signatures {
    let text = strip_c_noise(header);
    let mut functions = Signatures::new();
    for declaration in text.split(';') {
        let Some(at) = declaration.find("B44_EXPORT ") else { continue };
        let declaration =
            declaration[at + "B44_EXPORT ".len()..].split_whitespace().collect::<Vec<_>>().join(" ");
        let open = declaration.find('(').expect("a prototype");
        let close = declaration.rfind(')').expect("a prototype");
        let head = &declaration[..open];
        let name_start = head.rfind(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
        let name = head[name_start..].to_owned();
        let result = c_type_to_rust(&head[..name_start]);
        let params_text = declaration[open + 1..close].trim();
        let params =
            if params_text == "void" { vec![] } else { params_text.split(',').map(c_param_type).collect() };
        assert!(functions.insert(name.clone(), (params, result)).is_none(), "{name} twice");
    }
    functions
}

fn header_enum(header: &str, name: &str) -> Vec<(String, i32)> {
    let text = strip_c_noise(header);
    let start = text.find(&format!("typedef enum {name} {{")).unwrap_or_else(|| panic!("enum {name}"));
    let body = &text[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find('}').unwrap()];
    body.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let (name, value) = entry.split_once('=').expect("every code has an explicit value");
            (name.trim().to_owned(), value.trim().parse().expect("a numeric code"))
        })
        .collect()
}

fn header_define(header: &str, name: &str) -> String {
    header
        .lines()
        .find_map(|line| line.strip_prefix(&format!("#define {name} ")))
        .unwrap_or_else(|| panic!("#define {name} not found"))
        .trim()
        .trim_matches('"')
        .to_owned()
}

/// Writes a Rust type the way c_type_to_rust does: no paths, single spaces.
fn normalise_rust_type(rust_type: &str) -> String {
    let unpathed = ["std::os::raw::", "core::ffi::", "std::ffi::", "libc::", "ffi::"]
        .iter()
        .fold(rust_type.to_owned(), |t, path| t.replace(path, ""));
    unpathed.replace('*', " *").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn binding_functions(source: &str) -> Signatures {
    let start = source.find("extern \"C\" {").expect("an extern \"C\" block in src/ffi.rs");
    let block = &source[start + "extern \"C\" {".len()..];
    let block = &block[..block.find("\n}").expect("the end of the extern block")];
    let block: String = block.lines().map(|l| l.split("//").next().unwrap()).collect::<Vec<_>>().join(" ");
    let mut functions = Signatures::new();
    for declaration in block.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let declaration = declaration.strip_prefix("pub ").unwrap_or(declaration);
        let declaration = declaration.strip_prefix("fn ").expect("only functions in the extern block");
        let open = declaration.find('(').unwrap();
        let close = declaration.rfind(')').unwrap();
        let name = declaration[..open].trim().to_owned();
        let params = declaration[open + 1..close]
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| normalise_rust_type(p.split_once(':').expect("name: type").1))
            .collect();
        let result =
            declaration[close + 1..].trim().strip_prefix("->").map_or(String::new(), normalise_rust_type);
        assert!(functions.insert(name.clone(), (params, result)).is_none(), "{name} twice");
    }
    functions
}

#[test]
fn the_parsers_understand_the_tricky_c_types() {
    assert_eq!(c_type_to_rust("const char *const *"), "*const *const c_char");
    assert_eq!(c_type_to_rust("char *const"), "*mut c_char");
    assert_eq!(c_type_to_rust("char **"), "*mut *mut c_char");
    assert_eq!(c_type_to_rust("const b44_error *"), "*const b44_error");
    assert_eq!(c_type_to_rust("void"), "");
    assert_eq!(normalise_rust_type("*const *const std::os::raw::c_char"), "*const *const c_char");
}

#[test]
fn every_declared_function_matches_the_header() {
    let header = header_functions(&header_text());
    let binding = binding_functions(binding_text());
    assert!(!binding.is_empty() && !header.is_empty());
    let mut problems = vec![];
    for (name, (params, result)) in &binding {
        let Some((c_params, c_result)) = header.get(name) else {
            problems.push(format!("{name} is not in the header"));
            continue;
        };
        if params.len() != c_params.len() {
            problems.push(format!("{name}: {} parameters, the header has {}", params.len(), c_params.len()));
        }
        for (i, (ours, theirs)) in params.iter().zip(c_params).enumerate() {
            if ours != theirs {
                problems.push(format!("{name} parameter {i}: {ours:?}, the header has {theirs:?}"));
            }
        }
        if result != c_result {
            problems.push(format!("{name} returns {result:?}, the header has {c_result:?}"));
        }
    }
    assert!(problems.is_empty(), "src/ffi.rs differs from the header:\n{}", problems.join("\n"));
}

#[test]
fn every_header_function_is_declared() {
    let header = header_functions(&header_text());
    let binding = binding_functions(binding_text());
    let missing: Vec<_> = header.keys().filter(|name| !binding.contains_key(*name)).collect();
    assert!(missing.is_empty(), "not declared in src/ffi.rs: {missing:?}");
}

/// "typedef void (*NAME)(params);" -> (parameter types, return type) in Rust spelling.
fn header_callback(header: &str, name: &str) -> (Vec<String>, String) {
    let text = strip_c_noise(header).split_whitespace().collect::<Vec<_>>().join(" ");
    let marker = format!("(*{name})(");
    let at = text.find(&marker).unwrap_or_else(|| panic!("typedef {name}"));
    let result = text[..at].rsplit("typedef ").next().unwrap();
    let params = &text[at + marker.len()..];
    let params = &params[..params.find(')').unwrap()];
    (params.split(',').map(c_param_type).collect(), c_type_to_rust(result))
}

/// "pub type NAME = Option<unsafe extern "C" fn(a: A, b: B) -> R>;" -> the same shape.
fn binding_callback(source: &str, name: &str) -> (Vec<String>, String) {
    let text = source.split_whitespace().collect::<Vec<_>>().join(" ");
    let at = text.find(&format!("pub type {name} =")).unwrap_or_else(|| panic!("type {name}"));
    let declaration = &text[at..at + text[at..].find(';').unwrap()];
    let after = &declaration[declaration.find("fn(").expect("a function pointer type") + 3..];
    let close = after.find(')').unwrap();
    let params = after[..close]
        .split(',')
        .map(|p| normalise_rust_type(p.split_once(':').map_or(p, |(_, t)| t)))
        .collect();
    // What follows the parameters: "->" and a type, then the closing ">" of Option<...>.
    // (rustfmt may leave a trailing comma inside Option<...> when the type spans lines)
    let rest = after[close + 1..].trim().strip_suffix('>').expect("Option<fn(...)>").trim();
    let rest = rest.strip_suffix(',').unwrap_or(rest).trim();
    let result = rest.strip_prefix("->").map_or(String::new(), normalise_rust_type);
    (params, result)
}

/// "typedef struct NAME { T a; T b; } NAME;" -> [(field, type in Rust spelling)].
fn header_struct(header: &str, name: &str) -> Vec<(String, String)> {
    let text = strip_c_noise(header).split_whitespace().collect::<Vec<_>>().join(" ");
    let start = text.find(&format!("typedef struct {name} {{")).unwrap_or_else(|| panic!("struct {name}"));
    let body = &text[start..];
    let (body, rest) = body[body.find('{').unwrap() + 1..].split_once('}').unwrap();
    assert!(rest.trim_start().starts_with(&format!("{name};")), "typedef struct {name} {{...}} {name};");
    body.split(';')
        .map(str::trim)
        .filter(|member| !member.is_empty())
        .map(|member| {
            let name_start =
                member.rfind(|c: char| !(c.is_alphanumeric() || c == '_')).expect("type and name");
            (member[name_start + 1..].to_owned(), c_type_to_rust(&member[..name_start]))
        })
        .collect()
}

/// "pub struct NAME { pub a: T, pub b: T, }" in src/ffi.rs -> [(field, type)].
fn binding_struct(source: &str, name: &str) -> Vec<(String, String)> {
    let text = source.split_whitespace().collect::<Vec<_>>().join(" ");
    let start = text.find(&format!("pub struct {name} {{")).unwrap_or_else(|| panic!("struct {name}"));
    let body = &text[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find('}').unwrap()];
    body.split(',')
        .map(str::trim)
        .filter(|field| !field.is_empty())
        .map(|field| {
            let (name, field_type) =
                field.strip_prefix("pub ").unwrap_or(field).split_once(':').expect("name: type");
            (name.trim().to_owned(), normalise_rust_type(field_type))
        })
        .collect()
}

#[test]
fn the_stats_struct_matches_the_header() {
    let theirs = header_struct(&header_text(), "b44_stats");
    assert_eq!(theirs.len(), 6, "{theirs:?}");
    assert_eq!(binding_struct(binding_text(), "b44_stats"), theirs);
    assert_eq!(std::mem::size_of::<ffi::b44_stats>(), 8 * theirs.len());
}

#[test]
fn the_token_callback_type_matches_the_header() {
    let theirs = header_callback(&header_text(), "b44_token_callback");
    assert_eq!(theirs.0.len(), 4, "{theirs:?}");
    assert_eq!(binding_callback(binding_text(), "b44_token_callback"), theirs);
}

#[test]
fn the_code_list_equals_the_header_enum() {
    let ours: Vec<(String, i32)> = ffi::CODES.iter().map(|(n, c)| (n.to_string(), *c)).collect();
    assert_eq!(ours, header_enum(&header_text(), "b44_code"));
}

#[test]
fn the_log_levels_equal_the_header_enum() {
    let ours: Vec<(String, i32)> = ffi::LOG_LEVELS.iter().map(|(n, c)| (n.to_string(), *c)).collect();
    assert_eq!(ours, header_enum(&header_text(), "b44_log_level"));
}

#[test]
fn the_log_handler_type_matches_the_header() {
    let theirs = header_callback(&header_text(), "b44_log_handler");
    assert_eq!(theirs.0.len(), 3, "{theirs:?}");
    assert_eq!(binding_callback(binding_text(), "b44_log_handler"), theirs);
}

#[test]
fn every_code_has_an_error_kind_with_the_librarys_name() {
    for (name, code) in ffi::CODES {
        // SAFETY: b44_code_name takes any value and returns a static string.
        let native = unsafe { std::ffi::CStr::from_ptr(ffi::b44_code_name(code)) }.to_str().unwrap();
        assert_eq!(native, name);
        match ErrorKind::from_code(code) {
            None => assert_eq!(code, ffi::B44_OK),
            Some(kind) => {
                assert!(!matches!(kind, ErrorKind::Unknown(_)), "{name} has no ErrorKind");
                assert_eq!((kind.code(), kind.name()), (Some(code), name));
            }
        }
    }
    assert_eq!(ErrorKind::from_code(999), Some(ErrorKind::Unknown(999)));
    assert_eq!(ErrorKind::Unknown(999).name(), "B44_ERR_UNKNOWN");
}

#[test]
fn the_supported_version_is_the_headers_version() {
    let header = header_text();
    assert_eq!(b44sso::SUPPORTED_LIBRARY_VERSION, header_define(&header, "B44SSO_VERSION_STRING"));
    let major = header_define(&header, "B44SSO_VERSION_MAJOR");
    assert!(b44sso::library_version().starts_with(&format!("{major}.")), "{}", b44sso::library_version());
}
