//! The index pages that show every figure with its caption: `index.md` and `index.html`. Text
//! from the data (dataset name, source, filters) is escaped for each format; the rest is ours.

use std::fmt::Write;

use super::{Caption, Figure};

/// Escapes text from the data for Markdown (shared with the Markdown report).
pub use crate::render::markdown::escape as markdown;

/// Whether `text` means nothing to Markdown or HTML, so it needs no escaping: true of the
/// figures' titles and descriptions, which hold no text from the data.
pub fn plain(text: &str) -> bool {
    !text.contains([
        '\\', '`', '*', '_', '[', ']', '|', '~', '!', '<', '>', '&', '#', '\n',
    ])
}

/// Escapes text for HTML content and attribute values.
pub fn html(text: &str) -> String {
    // The XML escaping serves HTML too, and replaces the control characters HTML also forbids.
    super::svg::escape(text)
}

fn heading(caption: &Caption) -> String {
    format!("Figures: {}", caption.dataset)
}

/// The lines every figure shares, said once on the page: source, credit, and where the
/// figures' breakdowns come from when the records are illustrative.
fn shared(caption: &Caption) -> Vec<&str> {
    [&caption.subtitle, &caption.source, &caption.credit]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect()
}

pub fn index_md(caption: &Caption, figures: &[Figure], png: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", markdown(&heading(caption)));
    for line in shared(caption) {
        let _ = writeln!(out, "{}\n", markdown(line));
    }
    if let Some(filters) = &caption.filters {
        let _ = writeln!(out, "{}\n", markdown(filters));
    }
    if let Some(left_out) = &caption.left_out {
        let _ = writeln!(out, "{}\n", markdown(left_out));
    }

    // Titles and descriptions are our own words and numbers (see `plain`): written as they are.
    // The figure itself shows its title, so the heading alone names it; the image's text is
    // what the figure shows in numbers.
    for figure in figures {
        debug_assert!(plain(figure.title) && plain(&figure.description));
        let _ = writeln!(out, "## {}\n", figure.title);
        let _ = writeln!(out, "![{}]({}.svg)\n", markdown(&figure.alt), figure.name);
        let _ = writeln!(out, "{}\n", figure.description);
        if let Some(provenance) = &figure.provenance {
            let _ = writeln!(out, "*{}*\n", markdown(provenance));
        }
        let mut links = format!("Data: [{0}.csv]({0}.csv)", figure.name);
        if png {
            let _ = write!(links, " · Image: [{0}.png]({0}.png)", figure.name);
        }
        let _ = writeln!(out, "{links}\n");
    }
    // One final newline, not two.
    out.pop();
    out
}

const STYLE: &str = "\
body { margin: 0; background: #ffffff; color: #1a1a1a; \
font-family: \"DejaVu Sans\", Arial, Helvetica, sans-serif; line-height: 1.45; }
main { max-width: 820px; margin: 0 auto; padding: 1.5em 1em 3em; }
figure { margin: 2.5em 0; }
img { display: block; width: 100%; height: auto; }
figcaption { margin-top: 0.6em; }
.source, .filters, .data { color: #555555; }
@media (prefers-color-scheme: dark) {
  body { background: #121212; color: #e8e8e8; }
  .source, .filters, .data { color: #b0b0b0; }
  a { color: #8cc8ff; }
}
";

pub fn index_html(caption: &Caption, figures: &[Figure], options: super::Options) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    // Nothing here runs a script; say so, in case escaping ever misses.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'; object-src 'none'\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", html(&heading(caption)));
    let _ = writeln!(out, "<style>\n{STYLE}</style>\n</head>\n<body>\n<main>");
    let _ = writeln!(out, "<h1>{}</h1>", html(&heading(caption)));
    for line in shared(caption) {
        let _ = writeln!(out, "<p class=\"source\">{}</p>", html(line));
    }
    if let Some(filters) = &caption.filters {
        let _ = writeln!(out, "<p class=\"filters\">{}</p>", html(filters));
    }
    if let Some(left_out) = &caption.left_out {
        let _ = writeln!(out, "<p class=\"filters\">{}</p>", html(left_out));
    }

    let width = super::svg::num(super::svg::Page::new(options.width).width);
    for figure in figures {
        let _ = writeln!(out, "<figure id=\"{}\">", figure.name);
        let _ = writeln!(out, "<h2>{}</h2>", html(figure.title));
        // The image says its numbers to a screen reader; the figure shows its title, source
        // and notes itself, so the caption below does not repeat them.
        let _ = writeln!(
            out,
            "<img src=\"{}.svg\" width=\"{width}\" alt=\"{}\">",
            figure.name,
            html(&figure.alt)
        );
        let _ = write!(out, "<figcaption>{}", html(&figure.description));
        if let Some(provenance) = &figure.provenance {
            let _ = write!(out, "<br><em>{}</em>", html(provenance));
        }
        let _ = write!(
            out,
            "<br><span class=\"data\">Data: <a href=\"{0}.csv\" download>{0}.csv</a>",
            figure.name
        );
        if options.png {
            let _ = write!(
                out,
                " · Image: <a href=\"{0}.png\" download>{0}.png</a>",
                figure.name
            );
        }
        let _ = writeln!(out, "</span></figcaption>\n</figure>");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_disarms_links_markup_and_block_openers() {
        assert_eq!(
            markdown("<script>alert(1)</script>"),
            r"&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(markdown("[x](javascript:x)"), r"\[x\](javascript:x)");
        assert_eq!(
            markdown("a|b *c* _d_ `e` \\ ~f~ ![g]"),
            r"a\|b \*c\* \_d\_ \`e\` \\ \~f\~ \!\[g\]"
        );
        assert_eq!(markdown("# heading"), r"\# heading");
        assert_eq!(markdown("- item"), r"\- item");
        assert_eq!(markdown("12. item"), r"12\. item");
        assert_eq!(markdown("line\n# two\r\n"), "line # two");
        assert_eq!(markdown("    code"), "code");
        assert_eq!(
            markdown("Source: Phnom Penh 15-day cybercrime blitz, orkunsantepheap.com"),
            "Source: Phnom Penh 15-day cybercrime blitz, orkunsantepheap.com"
        );
    }

    #[test]
    fn html_escaping_covers_content_and_attributes() {
        assert_eq!(
            html(r#""><img src=x onerror=alert(1)>"#),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
        );
    }
}
