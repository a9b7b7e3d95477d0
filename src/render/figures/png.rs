//! PNG export: a figure's SVG drawn by resvg with the fonts in `assets/fonts`, built into the
//! binary. No system font is consulted and nothing depends on the machine, so the same SVG
//! always gives the same PNG bytes.

use std::sync::{Arc, LazyLock};

use resvg::{tiny_skia, usvg};

/// The fonts the figures are drawn with: DejaVu Sans (the family the SVG names first, and whose
/// widths lay the figures out) and Noto Sans Khmer for Khmer names.
const FONTS: [&[u8]; 4] = [
    include_bytes!("../../../assets/fonts/DejaVuSans.ttf"),
    include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../../../assets/fonts/NotoSansKhmer-Regular.ttf"),
    include_bytes!("../../../assets/fonts/NotoSansKhmer-Bold.ttf"),
];

/// The family any generic or unknown family name resolves to.
const FAMILY: &str = "DejaVu Sans";

/// How many device pixels a px of the SVG becomes: 2, for screens that have twice the pixels.
pub const SCALE: u32 = 2;

static FONT_DB: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut db = usvg::fontdb::Database::new();
    for font in FONTS {
        db.load_font_data(font.to_vec());
    }
    for set in [
        usvg::fontdb::Database::set_sans_serif_family,
        usvg::fontdb::Database::set_serif_family,
        usvg::fontdb::Database::set_monospace_family,
        usvg::fontdb::Database::set_cursive_family,
        usvg::fontdb::Database::set_fantasy_family,
    ] {
        set(&mut db, FAMILY);
    }
    Arc::new(db)
});

/// `svg`, one of the figures, as PNG at [`SCALE`] times its size.
///
/// The figures are our own SVG: one that does not parse or has no size is a bug, so this
/// panics rather than returning an error (the tests draw every figure).
pub fn render(svg: &str) -> Vec<u8> {
    let options = usvg::Options {
        fontdb: Arc::clone(&FONT_DB),
        font_family: FAMILY.to_owned(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).expect("the figures are valid SVG");
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width() * SCALE, size.height() * SCALE)
        .expect("a figure has a size");
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(SCALE as f32, SCALE as f32),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().expect("encoding to memory")
}
