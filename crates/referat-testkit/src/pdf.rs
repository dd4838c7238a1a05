//! Small PDFs made in a test: a page of text lines in Helvetica, with a correct
//! cross-reference table, for what fetches or serves files (a portal's attachments).

/// A one-page PDF whose text layer holds `lines`, one under the other. Only
/// printable ASCII is written as it is; anything else becomes `?`, and `(`, `)` and
/// `\` are escaped, so that the content stream is always well formed.
pub fn text_pdf(lines: &[&str]) -> Vec<u8> {
    let mut ops = String::from("BT /F1 11 Tf 14 TL 40 780 Td\n");
    for line in lines {
        let escaped: String = line
            .chars()
            .map(|c| match c {
                '(' | ')' | '\\' => format!("\\{c}"),
                ' '..='~' => c.to_string(),
                _ => "?".to_string(),
            })
            .collect();
        ops.push_str(&format!("({escaped}) Tj T*\n"));
    }
    ops.push_str("ET");
    let content = format!("<< /Length {} >>\nstream\n{ops}\nendstream", ops.len());
    pdf_of_objects(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>",
        &content,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])
}

/// A PDF of numbered object bodies (object 1 the catalog), with a correct
/// cross-reference table.
pub fn pdf_of_objects(objects: &[&str]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}
