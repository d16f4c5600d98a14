//! Notes typed by consultants and clients, written in Markdown, rendered safely: raw HTML is shown
//! as the text that was typed (never as markup), images become their alt text (a report fetches
//! nothing), and links with dangerous schemes are dropped by comrak.

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options};

fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    // Raw HTML is written out escaped, so `<b>` reads as typed instead of vanishing.
    options.render.escape = true;
    options.render.unsafe_ = false;
    options
}

/// Parses a note and makes its tree safe to render: images lose their source.
fn parse<'a>(arena: &'a Arena<AstNode<'a>>, text: &str) -> &'a AstNode<'a> {
    let root = comrak::parse_document(arena, text, &options());
    for node in root.descendants() {
        let mut ast = node.data.borrow_mut();
        if matches!(ast.value, NodeValue::Image(_)) {
            // Keep the alt text (the image's children), emphasised, and drop the URL.
            ast.value = NodeValue::Emph;
        }
    }
    root
}

/// A note as an HTML fragment (paragraphs, lists, emphasis, links), safe to embed in a report.
pub fn to_html(text: &str) -> String {
    let arena = Arena::new();
    let root = parse(&arena, text);
    let mut out = Vec::new();
    if comrak::format_html(root, &options(), &mut out).is_err() {
        // Writing into a Vec cannot fail; fall back to the escaped text all the same.
        return escape_html(text);
    }
    String::from_utf8(out).unwrap_or_else(|_| escape_html(text))
}

/// A note as one line of Markdown, safe inside a table cell: emphasis, code and links are kept,
/// every text is escaped, blocks are joined with ` · `.
pub fn to_inline_markdown(text: &str) -> String {
    let arena = Arena::new();
    let root = parse(&arena, text);
    let mut blocks = Vec::new();
    collect_blocks(root, &mut blocks);
    blocks
        .into_iter()
        .filter(|b| !b.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Walks block nodes, rendering each leaf block (paragraph, heading, code block…) as inline text.
fn collect_blocks<'a>(node: &'a AstNode<'a>, out: &mut Vec<String>) {
    let value = node.data.borrow().value.clone();
    match value {
        NodeValue::Paragraph | NodeValue::Heading(_) | NodeValue::TableCell => {
            let mut s = String::new();
            inline(node, &mut s);
            out.push(s.trim().to_string());
        }
        NodeValue::CodeBlock(c) => out.push(code_span(c.literal.trim())),
        NodeValue::HtmlBlock(h) => out.push(super::escape_markdown(h.literal.trim())),
        NodeValue::Item(_) => {
            let mut inner = Vec::new();
            for child in node.children() {
                collect_blocks(child, &mut inner);
            }
            out.push(format!("• {}", inner.join(" ")));
        }
        _ => {
            for child in node.children() {
                collect_blocks(child, out);
            }
        }
    }
}

fn inline<'a>(node: &'a AstNode<'a>, out: &mut String) {
    for child in node.children() {
        let value = child.data.borrow().value.clone();
        match value {
            NodeValue::Text(t) => out.push_str(&super::escape_markdown(&t)),
            NodeValue::Code(c) => out.push_str(&code_span(&c.literal)),
            NodeValue::HtmlInline(h) => out.push_str(&super::escape_markdown(&h)),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            NodeValue::Emph => wrap(child, "*", out),
            NodeValue::Strong => wrap(child, "**", out),
            NodeValue::Strikethrough => wrap(child, "~~", out),
            NodeValue::Link(link) if is_safe_url(&link.url) => {
                let mut label = String::new();
                inline(child, &mut label);
                out.push_str(&format!("[{label}](<{}>)", link_destination(&link.url)));
            }
            _ => inline(child, out),
        }
    }
}

/// A URL written as a `<…>` link destination inside a table cell: the characters that would end
/// the destination (`<`, `>`, a line break), start an escape (`\`) or split the table row (`|`)
/// are percent-encoded, which leaves the address the same.
fn link_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '|' => out.push_str("%7C"),
            '\\' => out.push_str("%5C"),
            '\n' => out.push_str("%0A"),
            '\r' => out.push_str("%0D"),
            c => out.push(c),
        }
    }
    out
}

fn wrap<'a>(node: &'a AstNode<'a>, mark: &str, out: &mut String) {
    let mut inner = String::new();
    inline(node, &mut inner);
    if inner.trim().is_empty() {
        return;
    }
    out.push_str(mark);
    out.push_str(&inner);
    out.push_str(mark);
}

/// A code span that survives any backticks inside, with table pipes escaped.
fn code_span(code: &str) -> String {
    let code = code.replace('\n', " ").replace('|', "\\|");
    let longest = code
        .chars()
        .fold((0, 0), |(max, run), c| {
            let run = if c == '`' { run + 1 } else { 0 };
            (max.max(run), run)
        })
        .0;
    let ticks = "`".repeat(longest + 1);
    format!("{ticks} {code} {ticks}")
}

fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

/// Escapes text for HTML content or attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_in_a_note_is_shown_as_text() {
        let html = to_html("Hello <script>alert(1)</script> and <img src=x onerror=alert(2)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn html_blocks_are_escaped() {
        let html = to_html("<div onclick=\"x()\">\nhi\n</div>\n");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;div"), "{html}");
    }

    #[test]
    fn markdown_emphasis_is_rendered() {
        assert_eq!(
            to_html("Adoption is **mandated**."),
            "<p>Adoption is <strong>mandated</strong>.</p>\n"
        );
    }

    #[test]
    fn images_keep_their_alt_text_and_lose_their_source() {
        let html = to_html("![logo](https://example.com/x.png)");
        assert!(!html.contains("example.com"), "{html}");
        assert!(html.contains("<em>logo</em>"), "{html}");
    }

    #[test]
    fn javascript_links_are_dropped() {
        let html = to_html("[click](javascript:alert(1))");
        assert!(!html.contains("javascript:"), "{html}");
        let md = to_inline_markdown("[click](javascript:alert(1))");
        assert!(!md.contains("javascript"), "{md}");
    }

    #[test]
    fn inline_markdown_keeps_emphasis_and_escapes_the_rest() {
        assert_eq!(
            to_inline_markdown("Adoption is **mandated** | <b>x</b>\n\n- one\n- two"),
            "Adoption is **mandated** \\| &lt;b&gt;x&lt;/b&gt; · • one · • two"
        );
    }

    #[test]
    fn d1_2_a_pipe_in_a_link_url_does_not_split_the_table_row() {
        let md = to_inline_markdown("[a](http://x|y) tail | end");
        assert_eq!(md, "[a](<http://x%7Cy>) tail \\| end");
        // Every pipe left is escaped: the cell stays one cell.
        let unescaped = md
            .char_indices()
            .filter(|&(i, c)| c == '|' && !md[..i].ends_with('\\'))
            .count();
        assert_eq!(unescaped, 0, "{md}");
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code_span("a`b"), "`` a`b ``");
        assert_eq!(code_span("ab"), "` ab `");
    }
}
