//! `referat forums`: the figures a reader asks of an archive first, as tables: each
//! forum's meetings and their period, and a forum's members with their attendance
//! over the time they sat in it.

use referat_archive::{ForumSummary, MemberAttendance};

/// One line a forum: its current meetings (superseded dagsordener not counted), the
/// first and the last; then the total.
pub fn list(forums: &[ForumSummary]) -> String {
    let width = forums
        .iter()
        .map(|f| f.name.chars().count())
        .chain(["Forum".len()])
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "{:<width$}  {:>8}  {:<10}  Last\n",
        "Forum", "Meetings", "First"
    );
    for f in forums {
        out.push_str(&format!(
            "{:<width$}  {:>8}  {:<10}  {}\n",
            f.name,
            f.meetings,
            date(f.first_date),
            date(f.last_date),
        ));
    }
    let meetings: i64 = forums.iter().map(|f| f.meetings).sum();
    out.push_str(&format!(
        "{} forum{}, {meetings} meeting{}\n",
        forums.len(),
        plural(forums.len() as i64),
        plural(meetings)
    ));
    out
}

/// A forum's heading line, then one line a member: the first and last meeting
/// listing them, the meetings they came to of those held while they sat, their
/// absences, and the share they came to.
pub fn members(forum: &ForumSummary, members: &[MemberAttendance]) -> String {
    let mut out = format!(
        "{}: {} meeting{}",
        forum.name,
        forum.meetings,
        plural(forum.meetings)
    );
    if let (Some(first), Some(last)) = (forum.first_date, forum.last_date) {
        out.push_str(&format!(", {first} to {last}"));
    }
    out.push_str("\n\n");
    if members.is_empty() {
        out.push_str("No members are listed in its meetings.\n");
        return out;
    }
    let width = members
        .iter()
        .map(|m| m.person_name.chars().count())
        .chain(["Member".len()])
        .max()
        .unwrap_or(0);
    out.push_str(&format!(
        "{:<width$}  {:<10}  {:<10}  {:>8}  {:>4}  {:>6}  {:>5}\n",
        "Member", "First", "Last", "Attended", "Held", "Absent", "Share"
    ));
    for m in members {
        out.push_str(&format!(
            "{:<width$}  {:<10}  {:<10}  {:>8}  {:>4}  {:>6}  {:>5}\n",
            m.person_name,
            date(m.first_seen),
            date(m.last_seen),
            m.present,
            m.held,
            m.absent,
            share(m.present, m.held),
        ));
    }
    out.push_str(
        "\nHeld: the forum's meetings from a member's first to their last; attended: \
         wholly or in part.\n",
    );
    out
}

fn date(d: Option<referat_model::Date>) -> String {
    d.map_or_else(|| "-".to_string(), |d| d.to_string())
}

/// `93 %`, as the web's forum page gives it; `-` of none.
pub fn share(part: i64, whole: i64) -> String {
    referat_archive::attendance_share(part, whole)
        .map_or_else(|| "-".to_string(), |p| format!("{p} %"))
}

fn plural(n: i64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_rounded_and_never_pass_the_whole() {
        assert_eq!(share(42, 43), "98 %");
        assert_eq!(share(40, 43), "93 %");
        assert_eq!(share(43, 43), "100 %");
        assert_eq!(share(0, 43), "0 %");
        assert_eq!(share(1, 0), "-");
        assert_eq!(share(5, 3), "100 %");
    }
}
