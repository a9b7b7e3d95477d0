//! The words shared by messages about rows: a count with its noun, and a list of line numbers.

/// "1 row", "3 rows".
pub fn plural(n: u64, one: &str, many: &str) -> String {
    let n_shown = crate::text::group_digits(n);
    format!("{n_shown} {}", if n == 1 { one } else { many })
}

/// "4, 9, 12", or "4, 9, 12, … (7 in all)" when `total` is more than the lines listed.
pub fn lines_list(lines: &[u64], total: u64) -> String {
    let listed: Vec<String> = lines.iter().map(u64::to_string).collect();
    let mut out = listed.join(", ");
    if total > lines.len() as u64 {
        out.push_str(&format!(", … ({total} in all)"));
    }
    out
}
