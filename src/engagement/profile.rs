//! The client's industry and organisation size, as DORA's Quick Check groups its benchmarks: the
//! closed lists `engagement.toml` accepts and `data/dora-benchmarks.toml` is keyed by.

use crate::i18n::Text;

/// Industry ids, with their names (the Quick Check's industry groups).
pub const INDUSTRIES: [(&str, &str, &str); 13] = [
    ("education", "Enseignement", "Education"),
    ("energy", "Énergie", "Energy"),
    (
        "financial-services",
        "Services financiers",
        "Financial services",
    ),
    ("government", "Administration publique", "Government"),
    (
        "healthcare-pharma",
        "Santé et industrie pharmaceutique",
        "Healthcare and pharmaceuticals",
    ),
    (
        "industrials-manufacturing",
        "Industrie et production manufacturière",
        "Industrials and manufacturing",
    ),
    ("insurance", "Assurance", "Insurance"),
    (
        "media-entertainment",
        "Médias et divertissement",
        "Media and entertainment",
    ),
    ("non-profit", "Associations et fondations", "Non-profit"),
    (
        "retail-consumer",
        "Commerce, grande consommation et commerce en ligne",
        "Retail, consumer and e-commerce",
    ),
    ("technology", "Technologie", "Technology"),
    (
        "telecommunications",
        "Télécommunications",
        "Telecommunications",
    ),
    ("other", "Autre secteur", "Other industry"),
];

/// Organisation size ids (number of employees), with their names.
pub const SIZES: [(&str, &str, &str); 9] = [
    ("1", "Une personne", "One person"),
    ("2-9", "De 2 à 9 salariés", "2 to 9 employees"),
    ("10-19", "De 10 à 19 salariés", "10 to 19 employees"),
    ("20-99", "De 20 à 99 salariés", "20 to 99 employees"),
    ("100-499", "De 100 à 499 salariés", "100 to 499 employees"),
    ("500-999", "De 500 à 999 salariés", "500 to 999 employees"),
    (
        "1000-4999",
        "De 1 000 à 4 999 salariés",
        "1,000 to 4,999 employees",
    ),
    (
        "5000-9999",
        "De 5 000 à 9 999 salariés",
        "5,000 to 9,999 employees",
    ),
    (
        "10000+",
        "10 000 salariés ou plus",
        "10,000 employees or more",
    ),
];

fn find(list: &[(&str, &str, &str)], id: &str) -> Option<Text> {
    list.iter()
        .find(|(i, _, _)| *i == id)
        .map(|(_, fr, en)| Text::new(*fr, *en))
}

/// The name of an industry id.
pub fn industry_name(id: &str) -> Option<Text> {
    find(&INDUSTRIES, id)
}

/// The name of a size id.
pub fn size_name(id: &str) -> Option<Text> {
    find(&SIZES, id)
}

/// The ids of a list, for error messages.
pub fn ids(list: &[(&str, &str, &str)]) -> String {
    list.iter()
        .map(|(i, _, _)| *i)
        .collect::<Vec<_>>()
        .join(", ")
}
