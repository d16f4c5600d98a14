//! Who a respondent is: the id (and so the file name) a person's answers are kept under. Two
//! people never share a file: "Zoé Martin" and "Zoe Martin" fold to the same slug, so the second
//! one gets `zoe-martin-2`; a name with no Latin letter ("Иван Петров", "山田太郎") gets an id
//! from its fingerprint; a long name is cut to [`MAX_ID_LEN`] characters. The name itself is kept
//! whole in the response file, and a person is found again by that name.

use super::Response;
use crate::questionnaire::fold;

/// The longest respondent id: with `.toml` it stays far below any file system's name limit.
pub const MAX_ID_LEN: usize = 64;

/// FNV-1a, 64 bits: a stable fingerprint (the same on every platform and Rust version), used to
/// derive respondent ids from a name or a survey row's content. Not a secret: it only has to be
/// deterministic and spread well.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// A respondent id from a person's name: lowercase ASCII letters and digits joined by `-`
/// (`Hélène Tremblay` → `helene-tremblay`), at most [`MAX_ID_LEN`] characters; a name with
/// letters or digits but none of them Latin gets `r-` and its fingerprint. `None` when the name
/// has no letter or digit at all.
pub fn slug(name: &str) -> Option<String> {
    let mut out = String::new();
    for c in fold(name).chars() {
        if out.len() >= MAX_ID_LEN {
            break;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if !out.is_empty() {
        return Some(out);
    }
    let name = name.trim();
    name.chars()
        .any(char::is_alphanumeric)
        .then(|| format!("r-{:016x}", fingerprint(name.as_bytes())))
}

/// The id under which `name`'s answers are (or will be) kept among `responses`: the id of the
/// file that holds this very name, else the name's [`slug`], made distinct (`-2`, `-3`…) when
/// another person's file (one that names someone else) already has it.
pub fn respondent_id(name: &str, responses: &[Response]) -> Option<String> {
    let name = name.trim();
    if let Some(r) = responses
        .iter()
        .find(|r| r.respondent.name.as_deref().map(str::trim) == Some(name))
    {
        return Some(r.respondent.id.clone());
    }
    let base = slug(name)?;
    // Another person's file (it names someone else). A file without a name (written by hand)
    // is taken to be this person's when it has their id, as ids alone used to say.
    let taken = |id: &str| {
        responses
            .iter()
            .any(|r| r.respondent.id == id && r.respondent.name.is_some())
    };
    if !taken(&base) {
        return Some(base);
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| !taken(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engagement::{Channel, Respondent};
    use std::collections::BTreeMap;

    fn response(id: &str, name: &str) -> Response {
        Response {
            file: format!("responses/{id}.toml"),
            respondent: Respondent {
                id: id.into(),
                name: Some(name.into()),
                role: "developer".into(),
                channel: Channel::Interview,
                date: None,
                consultant: None,
            },
            answers: BTreeMap::new(),
            notes: Default::default(),
        }
    }

    #[test]
    fn slugs_fold_accents_and_punctuation() {
        assert_eq!(slug("Hélène Tremblay").as_deref(), Some("helene-tremblay"));
        assert_eq!(
            slug("  Marc-André  O’Neil ").as_deref(),
            Some("marc-andre-o-neil")
        );
        assert_eq!(slug("***"), None);
    }

    #[test]
    fn d3_1_a_long_name_gives_an_id_of_at_most_64_characters() {
        let id = slug(&format!("a{}", "b".repeat(300))).unwrap();
        assert_eq!(id.len(), MAX_ID_LEN);
        let id = slug(&"ab ".repeat(40)).unwrap();
        assert!(id.len() <= MAX_ID_LEN && !id.ends_with('-'), "{id}");
    }

    #[test]
    fn d3_2_names_without_latin_letters_get_an_id() {
        let ivan = slug("Иван Петров").unwrap();
        assert!(ivan.starts_with("r-") && ivan.len() == 18, "{ivan}");
        assert_ne!(slug("山田太郎"), Some(ivan.clone()));
        assert_eq!(slug(" Иван Петров "), Some(ivan));
    }

    #[test]
    fn d3_3_people_whose_names_fold_alike_get_distinct_ids() {
        let zoe = [response("zoe-martin", "Zoé Martin")];
        assert_eq!(
            respondent_id("Zoé Martin", &zoe).as_deref(),
            Some("zoe-martin")
        );
        assert_eq!(
            respondent_id("Zoe Martin", &zoe).as_deref(),
            Some("zoe-martin-2")
        );
        let both = [zoe[0].clone(), response("zoe-martin-2", "Zoe Martin")];
        assert_eq!(
            respondent_id(" Zoe Martin", &both).as_deref(),
            Some("zoe-martin-2")
        );
        assert_eq!(
            respondent_id("ZOE MARTIN", &both).as_deref(),
            Some("zoe-martin-3")
        );
    }

    #[test]
    fn fingerprint_is_stable() {
        assert_eq!(fingerprint(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fingerprint(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
