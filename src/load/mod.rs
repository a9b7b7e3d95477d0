//! Finding and reading record files: a dataset directory, files named one by one, standard input
//! or the built-in dataset, in CSV, JSON, NDJSON or a workbook's sheet. Text readers stream: they
//! hand over one [`Row`] at a time, with the physical line where it starts, and never hold a
//! whole file; a workbook's sheet is loaded whole, then handed over row by row.
//!
//! The way from what the user named to rows:
//!
//! - [`resolve`] (`dataset.rs`) turns the [`Selection`] into a [`Dataset`]: the record files to
//!   read, in the order inspections, arrests, prosecutions (several files of one kind one after
//!   another, read as one table), and the published figures;
//! - a dataset directory is listed, and each file's kind told from its name by one rule,
//!   [`kind_from_name`] (`listing.rs`), which also expands the patterns the shell left; a file or
//!   standard input whose name does not say has its kind told from its header or first object's
//!   keys (`sniff.rs`);
//! - the built-in dataset (`builtin.rs`) is a dataset of files embedded in the binary;
//! - each [`Input`] (`input.rs`) opens its file, tells its [`Format`] from the option, the name or
//!   the first bytes, decodes it to UTF-8 when a byte-order mark or the [`Reading`] options say it
//!   is in another encoding, and reads its rows on a thread of their own;
//! - a workbook (.xlsx, .xls, .ods) is opened and its sheet chosen while the dataset is resolved,
//!   and files that hold no records (a PDF, a Word document) are refused by their first bytes
//!   (`sheet.rs`);
//! - the CSV, JSON and sheet readers (`csv.rs`, `json.rs`, `sheet.rs`) fill one [`Row`] at a
//!   time (`row.rs`), with the problems found in its cells; `header.rs` maps a file's column
//!   names (or JSON keys) to the fields of its kind, through the user's column mapping
//!   (`mapping.rs`) and, in CSV, the HXL hashtags under the header (`hxl.rs`);
//! - a large UTF-8 CSV file can be cut into [`Pieces`] that threads read apart (`split.rs`),
//!   each row keeping the line it has in the file.

pub mod bounded;
pub mod builtin;
pub mod campaign;
mod csv;
mod dataset;
mod header;
pub mod hxl;
mod input;
mod json;
mod listing;
mod mapping;
mod row;
mod sheet;
mod sniff;
mod split;

pub use dataset::{Dataset, Expanded, Selection, resolve};
pub use input::{Format, Input, Origin, Reading, STDIN};
pub use listing::{is_statements_name, kind_from_name};
pub use mapping::{Mapping, SYNONYMS};
pub use row::{CellProblem, Row, RowReader};
pub use sheet::{Sheet, SheetChoice};
pub use split::{Pieces, Reached};

// What the readers and the sniffing share.
use input::read_more;
use row::{UNKNOWN_NAMED, ignored_column_warning, more_ignored};

/// The dataset embedded in the binary that `path` names, when no file or directory of that name
/// exists: `phnom-penh-2026-02` (the built-in records) or `cambodia-campaign` (statements).
fn builtin_named(path: &std::path::Path) -> crate::error::Result<Option<Dataset>> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Ok(None);
    }
    match path.to_str() {
        Some(builtin::NAME) => builtin::dataset().map(Some),
        Some(campaign::NAME) => Ok(Some(campaign::dataset())),
        _ => Ok(None),
    }
}
