//! platform-audit: audit the DevOps and platform-engineering maturity of an organisation.
//!
//! The data flows one way: questionnaires and responses are loaded and validated
//! ([`questionnaire`], [`engagement`]), scored into an [`scoring::Assessment`], and rendered
//! ([`report`]).

pub mod assets;
pub mod compare;
pub mod date;
pub mod embed;
pub mod engagement;
pub mod error;
pub mod evidence;
pub mod forms;
pub mod framework;
pub mod i18n;
pub mod interview;
pub mod questionnaire;
pub mod report;
pub mod scan;
pub mod scoring;
pub mod source;
pub mod store;
pub mod terminal;
pub mod value;

pub use error::{Diagnostic, Error, Result};
pub use i18n::{Lang, Text};
