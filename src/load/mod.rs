//! Finding and reading record files: a dataset directory, files named one by one, standard input
//! or the built-in dataset, in CSV, JSON or NDJSON. Readers stream: they hand over one [`Row`] at a
//! time, with the physical line where it starts, and never hold a whole file.
//!
//! The way from what the user named to rows:
//!
//! - [`resolve`] (`dataset.rs`) turns the [`Selection`] into a [`Dataset`]: the record files to
//!   read, in the order inspections, arrests, prosecutions, and the published figures;
//! - a dataset directory is listed, and each file's kind told from its name by one rule,
//!   [`kind_from_name`] (`listing.rs`); a file or standard input whose name does not say has its
//!   kind told from its header or first object's keys (`sniff.rs`);
//! - the built-in dataset (`builtin.rs`) is a dataset of files embedded in the binary;
//! - each [`Input`] (`input.rs`) opens its file, tells its [`Format`] from the option, the name or
//!   the first bytes, decodes it to UTF-8 when a byte-order mark or the [`Reading`] options say it
//!   is in another encoding, and reads its rows on a thread of their own;
//! - the CSV and JSON readers (`csv.rs`, `json.rs`) fill one [`Row`] at a time (`row.rs`), with
//!   the problems found in its cells; `header.rs` maps a file's column names (or JSON keys) to
//!   the fields of its kind.

pub mod builtin;
mod csv;
mod dataset;
mod header;
mod input;
mod json;
mod listing;
mod row;
mod sniff;

pub use dataset::{Dataset, Selection, resolve};
pub use input::{Format, Input, Origin, Reading};
pub use listing::kind_from_name;
pub use row::{CellProblem, Row, RowReader};

// What the readers and the sniffing share.
use input::read_more;
use row::ignored_column_warning;
