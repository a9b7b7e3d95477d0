//! What a package installs beside the binary: shell completion scripts and manual pages, made
//! from the command line's own definition ([`cli::command`]) so that they list every command and
//! option there is, with the examples and exit codes `--help` shows.

use std::io::{self, Write};
use std::path::Path;

use clap_mangen::Man;
use clap_mangen::roff::{Roff, roman};

use crate::cli::{self, Packaging};
use crate::error::{EXIT_HELP, Error, Exit, Result};
use crate::output;

/// Runs `crackdown completions` or `crackdown man`.
pub fn run(what: Packaging) -> Result<Exit> {
    match what {
        Packaging::Completions { shell } => output::stdout(&completions(shell))?,
        // The main page comes first.
        Packaging::Man { out: None } => output::stdout(&man_pages().swap_remove(0).1)?,
        Packaging::Man { out: Some(dir) } => write_pages(&dir)?,
    }
    Ok(Exit::Ok)
}

/// The completion script of `shell`.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cli::command(), "crackdown", &mut script);
    script
}

/// Every manual page, each with its file name: crackdown.1 first, then crackdown-COMMAND.1 for
/// each command in the order `--help` lists them.
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    // `crackdown help` is clap's own: it would be a page that says less than the others.
    let mut command = cli::command().disable_help_subcommand(true);
    command.build();
    std::iter::once(&command)
        .chain(command.get_subcommands())
        .map(|command| {
            // Every page names the program and its version, as the main page does; no date, so
            // that a build gives the same pages every time.
            let man = Man::new(command.clone()).source(format!("crackdown {}", cli::VERSION));
            (man.get_filename(), page(&man, command))
        })
        .collect()
}

/// One page: clap_mangen's sections, then the text after the options (examples, exit codes) as
/// sections of their own, laid out line for line as `--help` shows them.
fn page(man: &Man, command: &clap::Command) -> Vec<u8> {
    type Section<'a> = Box<dyn Fn(&mut dyn Write) -> io::Result<()> + 'a>;
    let mut sections: Vec<Section> = vec![
        Box::new(|w| man.render_title(w)),
        Box::new(|w| man.render_name_section(w)),
        Box::new(|w| man.render_synopsis_section(w)),
        Box::new(|w| man.render_description_section(w)),
        Box::new(|w| man.render_options_section(w)),
    ];
    if command.has_subcommands() {
        sections.push(Box::new(|w| man.render_subcommands_section(w)));
    }
    if let Some(after) = command.get_after_help() {
        let mut roff = Roff::new();
        for block in after.to_string().split("\n\n") {
            after_help_section(&mut roff, block);
        }
        sections.push(Box::new(move |w| roff.to_writer(w)));
    }
    if command.get_version().is_some() {
        sections.push(Box::new(|w| man.render_version_section(w)));
    }
    // Each section is rendered with the lines that set up apostrophes; the page needs them once.
    let preamble = Roff::new().render();
    let mut page = Vec::new();
    for section in sections {
        let mut bytes = Vec::new();
        section(&mut bytes).expect("writing to memory");
        if page.is_empty() {
            page = bytes;
        } else {
            page.extend_from_slice(bytes.strip_prefix(preamble.as_bytes()).unwrap_or(&bytes));
        }
    }
    page
}

/// A block of the text after the options, `Examples:` and its lines, as the section EXAMPLES
/// with the lines kept as they are; the exit codes as EXIT STATUS, the section's usual name.
fn after_help_section(roff: &mut Roff, block: &str) {
    let (heading, lines) = match block.split_once('\n') {
        Some((first, rest)) if first.ends_with(':') => (first.trim_end_matches(':'), rest),
        _ => ("Notes", block),
    };
    let heading = if block == EXIT_HELP {
        "EXIT STATUS".to_owned()
    } else {
        heading.to_uppercase()
    };
    roff.control("SH", [heading.as_str()]);
    roff.control("nf", []);
    for line in lines.lines() {
        roff.text([roman(line.trim_start())]);
    }
    roff.control("fi", []);
}

/// Writes every page into `dir`, created if missing, each file whole or not at all.
fn write_pages(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("cannot create {}", output::shown(dir)), e))?;
    let pages = man_pages();
    for (name, bytes) in &pages {
        output::write_atomically(&dir.join(name), |w| w.write_all(bytes))?;
    }
    crate::say!(
        "wrote {} manual pages to {}",
        pages.len(),
        output::shown(dir)
    );
    Ok(())
}
