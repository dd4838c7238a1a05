//! Layouts other than the five samples: each file in `layouts/` is minutes or an agenda
//! in a form real publishing systems use, with the facts the parser must get from it.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::Path;

use referat_model::{Attendance, Kind, Meeting, Outcome};

fn parse(name: &str) -> Meeting {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/layouts")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    referat_parse::parse(&text).unwrap()
}

fn titles(m: &Meeting) -> Vec<(&str, &str)> {
    m.items
        .iter()
        .map(|i| (i.number.as_deref().unwrap_or(""), i.title.as_str()))
        .collect()
}

fn outcomes(m: &Meeting, item: usize) -> Vec<Outcome> {
    m.items[item]
        .recommendations
        .iter()
        .map(|r| r.outcome)
        .collect()
}

#[test]
fn municipal_decision_protocol() {
    let m = parse("beslutningsprotokol_okonomiudvalget.txt");
    assert_eq!(m.kind, Kind::Referat);
    assert_eq!(m.body.as_deref(), Some("Økonomiudvalget"));
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2024-03-12"));
    assert_eq!(m.start.map(|t| t.to_string()).as_deref(), Some("15:00"));
    assert_eq!(m.end.map(|t| t.to_string()).as_deref(), Some("17:30"));
    assert_eq!(m.location.as_deref(), Some("Byrådssalen, Rådhuset"));
    // Listed as a member with "- afbud" and again under "Fraværende": one person.
    let lars: Vec<_> = m
        .participants
        .iter()
        .filter(|p| p.name == "Lars Nielsen")
        .collect();
    assert_eq!(lars.len(), 1);
    assert_eq!(lars[0].attendance, Attendance::Absent);
    assert_eq!(m.participants[0].role.as_deref(), Some("(A), formand"));
    // "deltog fra punkt 2" and "Følgende deltog ikke i behandlingen af punktet: …".
    let mette = m
        .participants
        .iter()
        .find(|p| p.name == "Mette Skov")
        .unwrap();
    assert_eq!(mette.attendance, Attendance::Partial);
    assert_eq!(mette.items, ["2", "3", "4"]);
    assert_eq!(mette.role.as_deref(), Some("(C)"));
    let karen = m
        .participants
        .iter()
        .find(|p| p.name == "Karen Holm")
        .unwrap();
    assert_eq!(karen.attendance, Attendance::Partial);
    assert_eq!(karen.items, ["1", "2", "4"]);
    assert_eq!(
        titles(&m),
        [
            ("1", "Godkendelse af dagsorden"),
            ("2", "Budgetopfølgning pr. 29. februar 2024"),
            ("3", "Salg af grund på Industrivej 12"),
            ("4", "Eventuelt")
        ]
    );
    // "Beslutning i Økonomiudvalget den 12-03-2024" heads the decision.
    assert_eq!(m.items[0].decision.as_deref(), Some("Godkendt."));
    // Case numbers are metadata, not text.
    assert!(
        m.items[1]
            .sections
            .iter()
            .all(|s| !s.text.contains("Sagsnr"))
    );
    assert_eq!(m.items[1].recommendations.len(), 2);
    assert_eq!(outcomes(&m, 1), [Outcome::Adopted, Outcome::Adopted]);
    assert_eq!(
        m.items[2].recommendations[0].text,
        "grunden sælges til højestbydende."
    );
    assert_eq!(outcomes(&m, 2), [Outcome::Postponed]);
    assert_eq!(
        m.items[2].decision.as_deref(),
        Some("Sagen blev udsat til næste møde.")
    );
}

#[test]
fn board_minutes_with_ad_headings_and_inline_lists() {
    let m = parse("aeldreraadet_ad_punkter.txt");
    assert_eq!(m.body.as_deref(), Some("Ældrerådet"));
    assert_eq!(m.start.map(|t| t.to_string()).as_deref(), Some("09:30"));
    assert_eq!(m.end.map(|t| t.to_string()).as_deref(), Some("12:00"));
    let names: Vec<(&str, Attendance)> = m
        .participants
        .iter()
        .map(|p| (p.name.as_str(), p.attendance))
        .collect();
    assert!(names.contains(&("Poul Erik Larsen", Attendance::Present)));
    assert!(names.contains(&("Grethe Nielsen", Attendance::Absent)));
    assert!(names.contains(&("Lise Berg", Attendance::Present)));
    // The agenda list at the top is not the items; the "Ad N." headings are.
    assert_eq!(m.items.len(), 4);
    assert_eq!(m.items[0].lines.unwrap().first, 15);
    // Without decision headings, an item's text is its minutes.
    assert_eq!(
        m.items[0].decision.as_deref(),
        Some("Dagsordenen blev godkendt.")
    );
    assert_eq!(m.items[1].presenters, ["Inge Madsen"]);
    assert_eq!(
        m.items[2].decision.as_deref(),
        Some("Ældrerådet afgiver høringssvar som drøftet.")
    );
    // A list of those present does not have to name who sent apologies.
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn agenda_with_closed_item() {
    let m = parse("dagsorden_byraadet.md");
    assert_eq!(m.kind, Kind::Dagsorden);
    assert_eq!(m.body.as_deref(), Some("Byrådet"));
    assert_eq!(m.weekday.map(|w| w.as_str()), Some("onsdag"));
    assert_eq!(m.start.map(|t| t.to_string()).as_deref(), Some("19:00"));
    assert!(m.items.iter().all(|i| i.decision.is_none()));
    assert!(
        m.items
            .iter()
            .flat_map(|i| &i.recommendations)
            .all(|r| r.outcome == Outcome::Unresolved)
    );
    assert_eq!(
        m.items[1].attachments,
        ["Budgetforslag 2024-2027", "Høringssvar fra MED-udvalg"]
    );
    assert_eq!(m.items[2].title, "Køb af ejendom");
    assert!(m.items[2].closed);
    assert!(!m.items[1].closed);
    // An agenda records no outcomes, so nothing is warned about them.
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

/// A heading with a time slot on a full line, its "v/ Name" byline right under it and
/// the text straight after: the byline is the presenter, not the end of the title.
#[test]
fn byline_under_a_full_heading_is_not_its_title() {
    let text = "Referat af møde i Økonomiudvalget\nMandag d. 18. marts 2024 kl. 09:00 – 11:35\n\n\
Deltagere:\nAnne Holm, formand\nBo Lund, medlem\n\n\
 1. Godkendelse af dagsorden og referat – kl. 09.00 – 09.05  \nDagsordenen blev godkendt uden bemærkninger, og referatet fra sidste møde blev underskrevet.\n\n\
 2. Beslutning om regnskab 2023 og overførsler til det kommende år – kl. 10.50 – 11.15  \n\
v/ Bjørn Stærk Riis  \n\
Der er tale om en videreførelse af den model, som udvalget godkendte sidste år, og der er enighed om den videre proces.\n\n\
 3. Eventuelt – kl. 11.15 – 11.35  \nIntet.\n";
    let m = referat_parse::parse(text).unwrap();
    assert_eq!(
        titles(&m),
        vec![
            ("1", "Godkendelse af dagsorden og referat"),
            (
                "2",
                "Beslutning om regnskab 2023 og overførsler til det kommende år"
            ),
            ("3", "Eventuelt"),
        ]
    );
    assert_eq!(m.items[1].presenters, vec!["Bjørn Stærk Riis"]);
    assert_eq!(
        m.items[1].start.map(|t| t.to_string()).as_deref(),
        Some("10:50")
    );
}

#[test]
fn agenda_as_a_table_with_rubric_rows() {
    let m = parse("dagsorden_tabel_med_rubrikker.txt");
    assert_eq!(m.kind, Kind::Dagsorden);
    assert_eq!(
        titles(&m),
        [
            ("1", "Godkendelse af dagsorden"),
            ("2", "Budget 2026"),
            ("3", "Orientering fra formanden"),
            ("4", "Eventuelt")
        ]
    );
    let budget = &m.items[1];
    assert_eq!(
        budget.attachments,
        ["Bilag 2a: Budget 2026", "Bilag 2b: Noter"]
    );
    let recs: Vec<&str> = budget
        .recommendations
        .iter()
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(recs, ["budgettet godkendes."]);
    assert_eq!(outcomes(&m, 1), [Outcome::Unresolved]);
    assert!(m.items.iter().all(|i| i.decision.is_none()));
}

#[test]
fn a_decision_about_a_point_of_the_recommendation_heads_no_item() {
    // "Punkt 2 godkendt med den ændring, …" in a decision is a sentence about the
    // recommendation's second point, not the heading of an item 2.
    let m = parse("referat_punkt_i_beslutning.txt");
    assert_eq!(
        titles(&m),
        [
            ("41", "Godkendelse af dagsorden"),
            ("42", "Klimatilpasningsplan 2025-2030"),
            ("43", "Vintertjeneste"),
        ]
    );
    assert_eq!(outcomes(&m, 1), [Outcome::Adopted, Outcome::Amended]);
}

#[test]
fn a_portals_access_label_before_the_number() {
    // "Åben 1." / "Lukket 3.": the portal's label says whether the item is public.
    let m = parse("portal_aaben_lukket.md");
    assert_eq!(
        titles(&m),
        [
            ("1", "Godkendelse af dagsorden"),
            ("2", "Budget 2026"),
            ("3", "Personsag"),
        ]
    );
    let closed: Vec<bool> = m.items.iter().map(|i| i.closed).collect();
    assert_eq!(closed, [false, false, true]);
}

#[test]
fn an_agenda_list_then_minutes_by_number() {
    // "## Dagsorden" over the list, "## Referat" over "Ad 1: …": minutes, the titles
    // from the agenda and the text after each number the item's own.
    let m = parse("dagsorden_og_ad_punkter.md");
    assert_eq!(m.kind, Kind::Referat);
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2025-10-06"));
    assert_eq!(m.start.map(|t| t.to_string()).as_deref(), Some("19:00"));
    assert_eq!(m.end.map(|t| t.to_string()).as_deref(), Some("21:30"));
    assert_eq!(m.location.as_deref(), Some("Forsamlingshuset, Bygaden 21"));
    assert_eq!(
        titles(&m),
        [
            ("1", "Godkendelse af dagsorden"),
            ("2", "Økonomi"),
            ("3", "Juletræstænding"),
            ("4", "Eventuelt"),
        ]
    );
    assert_eq!(outcomes(&m, 2), [Outcome::Adopted]);
}

#[test]
fn a_decision_that_names_a_later_date_is_this_meetings() {
    // The date in "… gælder fra 1. januar 2026" is what the decision says, not the day
    // of an earlier treatment.
    let m = parse("beslutning_med_dato.txt");
    assert_eq!(
        m.items[1].decision.as_deref(),
        Some("Godkendt med den ændring, at den nye takst først gælder fra 1. januar 2026.")
    );
    assert_eq!(outcomes(&m, 1), [Outcome::Amended]);
}

/// A portal calls every meeting a *dagsorden*. Where one of its few items records a
/// result (`Godkendt.`) and the others hold only a closed item and a signature sheet,
/// the document is the minutes.
#[test]
fn a_dagsorden_with_one_result_among_few_items_is_minutes() {
    let text = "---\ntitle: Dagsorden\nforum: Økonomiudvalget\ndate: 2025-01-29\n---\n\n\
## Punkt 1: Godkendelse af dagsorden\n\n### Beslutning\n\nGodkendt.\n\n\
### Indstilling\n\nAdministrationen indstiller, at dagsordenen godkendes.\n\n\
## Punkt 2: Lukket: Køb af grund\n\nSagsnr.: 24-000001\n\n\
## Punkt 3: Underskriftsark\n\n### Fremstilling\n\nElektronisk underskriftsblad.\n";
    let m = referat_parse::parse(text).unwrap();
    assert_eq!(m.kind, Kind::Referat);
    assert_eq!(m.items[0].decision.as_deref(), Some("Godkendt."));
    assert_eq!(outcomes(&m, 0), [Outcome::Adopted]);
}

/// An agenda may hold a proposed decision (`Byrådet beslutter at …`) under a decision
/// heading; that one item among many does not make it the minutes.
#[test]
fn a_proposed_decision_in_an_agenda_keeps_it_an_agenda() {
    let mut text =
        String::from("# Dagsorden\n\n## Byrådet\n\n**Mødedato:** Onsdag den 8. oktober 2025\n\n");
    text.push_str("## Punkt 1: Forslag om fælles rådgivning\n\n### Beslutning\n\nByrådet beslutter at indhente tilbud på ekstern rådgivning.\n\n");
    for n in 2..=4 {
        text.push_str(&format!(
            "## Punkt {n}: Sag nummer {n}\n\n### Indstilling\n\nDet indstilles, at sagen drøftes.\n\n### Beslutning\n\n"
        ));
    }
    let m = referat_parse::parse(&text).unwrap();
    assert_eq!(m.kind, Kind::Dagsorden);
}

/// Minutes posted to a mailing list: the mail's own `Date:` is when it went, the
/// people carry their initials, and the chair is named under a label and again in the
/// list with an office.
#[test]
fn minutes_in_a_mail_with_initials_beside_names() {
    let text = "From: Sekretæren <bestyrelse at example.dk>\nSubject: Referat af bestyrelsesmøde 9/4-25\n\
Date: Mon, 14 Apr 2025 21:12:40 +0200\n\nHej alle\n\n\
REFERAT AF BESTYRELSESMØDE TORSDAG 9/4-25 KL. 19.30\n\n\
Ordstyrer: Jesper Krogh\n\n## Deltagere\n\n- Jesper Krogh (JK), formand\n- Pernille Vium (PV, sekretær)\n- Ahmad Rasuli (AR)\n- Ulla Sommer (SF)\n\n\
Punkt 1. Godkendelse af dagsorden\nGodkendt.\n\nPunkt 2. Eventuelt\nIntet.\n";
    let m = referat_parse::parse(text).unwrap();
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2025-04-09"));
    let people: Vec<(&str, Option<&str>, Option<&str>)> = m
        .participants
        .iter()
        .map(|p| (p.name.as_str(), p.group.as_deref(), p.role.as_deref()))
        .collect();
    assert_eq!(
        people,
        [
            ("Jesper Krogh", Some("Deltagere"), Some("formand")),
            ("Pernille Vium", Some("Deltagere"), Some("sekretær")),
            ("Ahmad Rasuli", Some("Deltagere"), None),
            // Letters that are not the name's initials are kept: a party.
            ("Ulla Sommer", Some("Deltagere"), Some("(SF)")),
        ]
    );
}

/// A header set out as a table of labels and values, and a table of members whose
/// last column, headed "Deltager", says who took part.
#[test]
fn a_header_table_and_a_members_table_with_a_participation_column() {
    let text = "# Dagsorden: bestyrelsesmøde\n\n| | |\n|---|---|\n| **Dato** | 2025-05-06 |\n\
| **Tid** | 18:30–20:30 |\n| **Sted** | Dokk1, mødelokale 2 |\n\n## Deltagere\n\n\
| Navn | Rolle | Deltager |\n|---|---|---|\n| Henrik Vestergaard | Formand | Ja |\n\
| Freja Møllgaard | Kasserer | Afbud |\n| Ida Marie Nørgaard | Suppleant | Ja (kun pkt. 2) |\n\n\
## 1. Godkendelse af dagsorden\n\n## 2. Eventuelt\n";
    let m = referat_parse::parse(text).unwrap();
    assert_eq!(m.start.map(|t| t.to_string()).as_deref(), Some("18:30"));
    assert_eq!(m.end.map(|t| t.to_string()).as_deref(), Some("20:30"));
    assert_eq!(m.location.as_deref(), Some("Dokk1, mødelokale 2"));
    let attendance: Vec<(Option<&str>, Attendance)> = m
        .participants
        .iter()
        .map(|p| (p.group.as_deref(), p.attendance))
        .collect();
    assert_eq!(
        attendance,
        [
            (Some("Deltagere"), Attendance::Present),
            (Some("Deltagere"), Attendance::Absent),
            (Some("Deltagere"), Attendance::Partial),
        ]
    );
}

/// A general assembly's incoming proposals, each under a sub-heading that names it
/// and who put it, its words quoted below, and the result after the debate.
#[test]
fn proposals_under_their_own_sub_headings() {
    let text = "# Referat af generalforsamling\n\nDato: 27. marts 2025\n\n\
### Punkt 1: Valg af dirigent\n\nAnne blev valgt.\n\n\
### Punkt 2: Indkomne forslag\n\nDer var indkommet tre forslag.\n\n\
#### Forslag A (fra bestyrelsen): Vedtægtsændring\n\n> Bestyrelsen består af 7 medlemmer.\n\n\
Kort debat.\n\nVedtaget med 31 stemmer for, 5 imod.\n\n\
#### Forslag B (fra et medlem): Husøl\n\n> Foreningen brygger sin egen husøl.\n\n\
Forslaget blev forkastet med 12 stemmer mod 20.\n\n\
#### Forslag C (fra et medlem): Længere åbent\n\n> Baren holder åbent til kl. 02.\n\n\
Generalforsamlingen besluttede at sende forslaget tilbage til bestyrelsen.\n";
    let m = referat_parse::parse(text).unwrap();
    let proposals: Vec<(&str, Outcome)> = m.items[1]
        .recommendations
        .iter()
        .map(|r| (r.text.as_str(), r.outcome))
        .collect();
    assert_eq!(
        proposals,
        [
            ("Bestyrelsen består af 7 medlemmer.", Outcome::Adopted),
            ("Foreningen brygger sin egen husøl.", Outcome::Rejected),
            ("Baren holder åbent til kl. 02.", Outcome::Postponed),
        ]
    );
}

/// A Swedish protocol's cover: labels in the margin over group labels of their own, a
/// substitute who stood in for a member listed nowhere else, and the signatures below.
#[test]
fn a_swedish_cover_with_groups_in_the_margin_and_signatures() {
    let text = "PROTOKOLL\nBarn- och utbildningsnämnden\n\n\
Plats och tid            Kommunhuset, onsdag 19 mars 2025 kl. 13.30–16.05\n\n\
Beslutande               Ledamöter:\n\
                         Anna Berg (S), ordförande\n\
                         Mats Hed (M)\n\
                         Tjänstgörande ersättare:\n\
                         Lars Ek (S) för Maria Lind (S)\n\n\
Övriga närvarande        Ersättare:\n\
                         Karin Ny (KD)\n\n\
Underskrifter            Sekreterare ______________________\n\
                         Oskar Lund\n\
                         Ordförande ______________________\n\
                         Anna Berg\n\n\
§ 1 Mötets öppnande\nOrdföranden öppnade mötet.\n\n§ 2 Val av justerare\nBeslut: att välja Mats Hed.\n";
    let m = referat_parse::parse(text).unwrap();
    let people: Vec<(&str, Option<&str>, Attendance, Option<&str>)> = m
        .participants
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.group.as_deref(),
                p.attendance,
                p.substitute_for.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        people,
        [
            ("Anna Berg", Some("Ledamöter"), Attendance::Present, None),
            ("Mats Hed", Some("Ledamöter"), Attendance::Present, None),
            (
                "Lars Ek",
                Some("Tjänstgörande ersättare"),
                Attendance::Present,
                Some("Maria Lind")
            ),
            ("Karin Ny", Some("Ersättare"), Attendance::Present, None),
            ("Maria Lind", Some("Ledamöter"), Attendance::Absent, None),
        ]
    );
}

/// A Norwegian committee adopts an addition to one point of the recommendation; its
/// decision words all the points again, the addition written into the point it changed.
#[test]
fn an_addition_written_into_one_point_of_the_decision() {
    let text = "Møteprotokoll\n\nUtvalg: Hovedutvalg for oppvekst\nMøtedato: 12.06.2025\n\n\
## PS 26/25 Skolebehovsplan\n\n### Kommunedirektørens innstilling\n\n\
1. Planen vedtas.\n\n2. Utredning av ny skole startes i 2026.\n\n3. Fådelte skoler videreføres.\n\n\
### Behandling i Hovedutvalg for oppvekst - 12.06.2025\n\n\
Torbjørn Lie (SP) fremmet følgende tilleggsforslag til punkt 2:\n\n\
«Utredningen skal også vurdere samlokalisering med kulturhuset.»\n\n\
Votering: Innstillingens punkt 1 og 3 ble enstemmig vedtatt. Tilleggsforslaget fra SP ble vedtatt med 6 mot 3 stemmer.\n\n\
### HOK - 26/25 Vedtak\n\n1. Planen vedtas.\n\n\
2. Utredning av ny skole startes i 2026. Utredningen skal også vurdere samlokalisering med kulturhuset.\n\n\
3. Fådelte skoler videreføres.\n\n\
## PS 27/25 Kulturmidler 2025\n\n### Kommunedirektørens innstilling\n\nMidlene fordeles som i 2024.\n\n\
### HOK - 27/25 Vedtak\n\nMidlene fordeles som i 2024.\n";
    let m = referat_parse::parse(text).unwrap();
    assert_eq!(m.items.len(), 2);
    assert_eq!(
        outcomes(&m, 0),
        [Outcome::Adopted, Outcome::Amended, Outcome::Adopted]
    );
}

/// A proposal labelled as such whose proposer leads into numbered points; a plan named
/// as the subject of a sentence ("Forslag til … har været i høring") is no motion; and a
/// members' table whose role column is headed in several words.
#[test]
fn a_labelled_proposal_over_points_and_a_plan_named_as_a_subject() {
    let text = "# Referat af skolebestyrelsesmøde\n\nDato: 26. februar 2025\n\n## Deltagere\n\n\
| Navn | Valgt som / funktion | Til stede |\n|---|---|---|\n\
| Ditte Kornum | Forældrerepræsentant, formand | X |\n| Ole Fisker | Viceskoleleder | X |\n\n\
## 1. Princip for mobiltelefoner\n\n\
Forslag: Skoleledelsen foreslår, at skolebestyrelsen vedtager følgende:\n\n\
1. Mobiltelefoner afleveres ved første lektion.\n\n2. Princippet evalueres i juni 2026.\n\n\
Beslutning: Punkt 1 og 2 blev vedtaget.\n\n\
## 2. Trafikplan\n\n### Resumé\n\n\
Forslag til ny trafikplan har været i offentlig høring fra 2. september til 7. oktober 2024.\n\n\
### Indstilling\n\nForvaltningen indstiller, at planen vedtages.\n\n### Beslutning\n\nGodkendt.\n";
    let m = referat_parse::parse(text).unwrap();
    let roles: Vec<Option<&str>> = m.participants.iter().map(|p| p.role.as_deref()).collect();
    assert_eq!(
        roles,
        [
            Some("Forældrerepræsentant, formand"),
            Some("Viceskoleleder")
        ]
    );
    let texts = |k: usize| -> Vec<&str> {
        m.items[k]
            .recommendations
            .iter()
            .map(|r| r.text.as_str())
            .collect()
    };
    assert_eq!(
        texts(0),
        [
            "Mobiltelefoner afleveres ved første lektion.",
            "Princippet evalueres i juni 2026."
        ]
    );
    assert_eq!(outcomes(&m, 0), [Outcome::Adopted, Outcome::Adopted]);
    assert_eq!(texts(1), ["planen vedtages."]);
}

/// Plain text saved from a word processor: no numbers and no marks, each item a short
/// title line over its minute, first names only in the list.
#[test]
fn plain_text_with_titles_on_lines_of_their_own() {
    let text = "Egelund Beboerråd\n\nReferat fra møde onsdag d. 4/6 2025 kl. 19:00 i Fælleshuset\n\n\
Til stede: Ole, Grete, Yusuf og Mette\nAfbud: Ib\n\nReferent: Mette\n\n\n\
Godkendelse af referat\nGodkendt.\n\n\
Legepladsen\nDer er kommet to tilbud på nye gynger. Rådet besluttede at vælge det billigste.\n\n\
Sommerfest 2025 (lørdag d. 16. august)\nGrete foreslog, at festen flyttes til søndag. Nedstemt, 1 for og 3 imod.\n\n\
Evt.\nIntet.\n\n/Mette\n";
    let m = referat_parse::parse(text).unwrap();
    assert_eq!(m.kind, Kind::Referat);
    assert_eq!(m.body.as_deref(), Some("Egelund Beboerråd"));
    assert_eq!(
        titles(&m).iter().map(|(_, t)| *t).collect::<Vec<_>>(),
        [
            "Godkendelse af referat",
            "Legepladsen",
            "Sommerfest 2025 (lørdag d. 16. august)",
            "Evt"
        ]
    );
    assert_eq!(m.participants.len(), 5);
    assert_eq!(outcomes(&m, 2), [Outcome::Rejected]);
}

/// A general assembly's minutes on a web site: the title in the front matter, the
/// agenda's list under a lead-in that names it, the board's attendance in prose, and
/// proposals under lettered sub-headings with different results.
#[test]
fn a_general_assembly_in_prose_with_lettered_proposals() {
    let text = "---\ntitle: \"Referat af ordinær generalforsamling 2025\"\ndate: 2025-05-02\n---\n\n\
**Grundejerforeningen Kildebakken**\n\n\
Ordinær generalforsamling lørdag den 5. april 2025 kl. 10.00 i Kildebakkens klubhus.\n\n\
Fra bestyrelsen deltog Jonas Brink (formand), Lea Holt (kasserer) og Mads Friis. Rikke Lund (sekretær) havde meldt afbud.\n\n\
Foreningens revisor Arne Dahl deltog under punkt 2.\n\n\
Dagsorden ifølge vedtægternes § 5:\n\n1. Valg af dirigent\n2. Regnskab\n3. Indkomne forslag\n\n---\n\n\
### Ad 1. Valg af dirigent\n\nTove Bach blev valgt.\n\n\
### Ad 2. Regnskab\n\nRegnskabet blev godkendt.\n\n\
### Ad 3. Indkomne forslag\n\n\
Bestyrelsen foreslog, at kontingentet hæves til 900 kr. Peter Berg stillede et ændringsforslag: at kontingentet i stedet hæves til 850 kr.\n\n\
Dirigenten satte ændringsforslaget til afstemning først. Det blev forkastet med 8 stemmer for og 20 imod. Bestyrelsens forslag blev herefter vedtaget.\n\n\
**b) Forslag fra Nina og Bo Kjær (nr. 12) om nye bump på Kildevej ved stranden**\n\n\
> Der etableres to bump på Kildevej.\n\n\
Forslaget blev trukket tilbage af forslagsstillerne.\n\n\
Dirigenten afsluttede generalforsamlingen kl. 12.20.\n";
    let m = referat_parse::parse(text).unwrap();
    assert_eq!(m.kind, Kind::Referat);
    assert_eq!(m.body.as_deref(), Some("Grundejerforeningen Kildebakken"));
    assert_eq!(m.end.map(|t| t.to_string()).as_deref(), Some("12:20"));
    let people: Vec<(&str, Attendance)> = m
        .participants
        .iter()
        .map(|p| (p.name.as_str(), p.attendance))
        .collect();
    assert_eq!(
        people,
        [
            ("Jonas Brink", Attendance::Present),
            ("Lea Holt", Attendance::Present),
            ("Mads Friis", Attendance::Present),
            ("Arne Dahl", Attendance::Partial),
            ("Rikke Lund", Attendance::Absent),
        ]
    );
    let arne = m
        .participants
        .iter()
        .find(|p| p.name == "Arne Dahl")
        .unwrap();
    assert_eq!(
        (arne.role.as_deref(), arne.items.clone()),
        (Some("revisor"), vec!["2".to_string()])
    );
    assert_eq!(m.items.len(), 3);
    assert_eq!(
        outcomes(&m, 2),
        [Outcome::Adopted, Outcome::Rejected, Outcome::Rejected]
    );
    assert_eq!(
        m.items[2].recommendations[2].text,
        "Der etableres to bump på Kildevej."
    );
    // The close of the meeting is no part of the last item.
    assert!(
        m.items[2]
            .decision
            .as_deref()
            .is_some_and(|d| d.ends_with("trukket tilbage af forslagsstillerne."))
    );
}

/// A club's annual meeting on its web site: the page's publication stamp and its list
/// of earlier minutes say nothing of this meeting; the title under the page's title
/// names the club; proposals are sub-points of an item with a text of its own.
#[test]
fn a_web_page_with_sub_points_under_an_item() {
    let text = "---\ntitle: Protokoll årsmøte 2025 — Fjellbu IL\n---\n\n\
### Tidligere møter\n\n- 09.04.2024 – Referat\n- 05.03.2023 – Referat\n\n\
# Protokoll årsmøte 2025\n\nPublisert 20.03.2025 av Sekretær\n\n\
**Protokoll fra årsmøtet i Fjellbu Idrettslag**\n\n\
Årsmøtet ble avholdt torsdag 13. mars 2025 kl. 19:00 i klubbhuset.\n\n\
### Sak 1 Godkjenning av innkalling\n\nVedtak: Godkjent.\n\n\
### Sak 2 Behandling av forslag\n\nDet var kommet inn to forslag.\n\n\
### Sak 2.1 Forslag fra styret: Ny gruppe\n\nForslag til vedtak: Fjellbu IL oppretter en gruppe for klatring.\n\nVedtak: Forslaget ble vedtatt.\n\n\
### Sak 2.2 Forslag fra Ola Vik: Salg av traktor\n\nForslag til vedtak: Årsmøtet ber styret selge traktoren.\n\nVedtak: Forslaget ble trukket av forslagsstiller.\n\n\
### Sak 3 Lysløype\n\nForslag til vedtak: Fjellbu IL bygger en lysløype.\n\nVedtak: Saken sendes tilbake til styret for bedre utredning.\n";
    let m = referat_parse::parse(text).unwrap();
    assert_eq!(m.kind, Kind::Referat);
    assert_eq!(m.body.as_deref(), Some("Fjellbu Idrettslag"));
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2025-03-13"));
    assert_eq!(
        titles(&m).iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        ["1", "2", "2.1", "2.2", "3"]
    );
    assert_eq!(outcomes(&m, 2), [Outcome::Adopted]);
    assert_eq!(outcomes(&m, 3), [Outcome::Rejected]);
    assert_eq!(outcomes(&m, 4), [Outcome::Postponed]);
}

/// How a committee records what became of each point: a motion that fell beside the
/// recommendation it then recommends, a point changed while the others stand, and a
/// remark that changes nothing.
#[test]
fn outcomes_point_by_point_and_beside_a_motion() {
    let text = "# Referat\n\n## Teknikudvalget\n\n**Mødedato:** Tirsdag den 3. juni 2025\n\n\
## Punkt 1: Salg af grund\n\n### Indstilling\n\nDirektionen indstiller, at\n\n\
1. grunden sælges til Nordby Lager ApS,\n2. indtægten føres på jordforsyningen.\n\n\
### Beslutning\n\nEva Lund (F) stillede følgende ændringsforslag: at grunden udbydes igen.\n\n\
Forslaget faldt med 2 stemmer mod 5.\n\nHerefter anbefales indstillingen over for Byrådet.\n\n\
## Punkt 2: Takster 2026\n\n### Indstilling\n\nDirektionen indstiller, at bestyrelsen\n\n\
- godkender taksterne for drikkevand,\n- godkender taksterne for spildevand,\n- bemyndiger direktionen til at anmelde taksterne.\n\n\
### Beslutning\n\nTaksterne for drikkevand blev godkendt.\n\n\
Taksterne for spildevand blev godkendt med den ændring, at bidraget nedsættes med 0,60 kr.\n\n\
Direktionen blev bemyndiget som indstillet.\n\n\
## Punkt 3: Kvartalsrapport\n\n### Indstilling\n\nDet indstilles, at rapporten godkendes.\n\n\
### Beslutning\n\nGodkendt med bemærkning om, at udvalget ønsker en månedlig oversigt.\n";
    let m = referat_parse::parse(text).unwrap();
    assert_eq!(
        outcomes(&m, 0),
        [Outcome::Adopted, Outcome::Adopted, Outcome::Rejected]
    );
    assert_eq!(
        outcomes(&m, 1),
        [Outcome::Adopted, Outcome::Amended, Outcome::Adopted]
    );
    assert_eq!(outcomes(&m, 2), [Outcome::Adopted]);
}

/// A Swedish annual meeting: what the board proposes is carried "enligt styrelsens
/// förslag" or with an addition, a question put off is `bordlades`, and a board that
/// proposes to reject a motion takes a position, it proposes nothing.
#[test]
fn a_swedish_annual_meeting_in_prose() {
    let text = "Protokoll fört vid Norrvik Byalags årsmöte\n\nDatum: 30 mars 2025\n\n\
§ 1 Verksamhetsplan\nStyrelsen föreslog att mötet fastställer verksamhetsplan och budget för 2025.\n\
Mötet beslutade att fastställa verksamhetsplanen med tillägget att en städdag hålls i september.\n\n\
§ 2 Medlemsavgift\nStyrelsen föreslog oförändrad avgift, 200 kr per hushåll. Mötet beslutade enligt styrelsens förslag.\n\n\
§ 3 Motioner\nMotion 1 från Erik Berg: att byalaget köper en hjärtstartare.\nMötet biföll motionen.\n\n\
Motion 2 från Eva Hed: att hastigheten sänks till 30 km/h.\nStyrelsen föreslog avslag eftersom frågan redan utreds. Mötet avslog motionen.\n\n\
§ 4 Övriga frågor\nLars Ek föreslog att byalaget förlänger bryggan. Frågan bordlades till ett extra möte i maj.\n";
    let m = referat_parse::parse(text).unwrap();
    assert_eq!(outcomes(&m, 0), [Outcome::Amended]);
    assert_eq!(outcomes(&m, 1), [Outcome::Adopted]);
    assert_eq!(outcomes(&m, 2), [Outcome::Adopted, Outcome::Rejected]);
    assert_eq!(outcomes(&m, 3), [Outcome::Postponed]);
}

/// A Norwegian protocol's first page: notes under a label on who came late or stood
/// down, items numbered by case and year, two fields side by side on one line, and an
/// item's papers listed as links.
#[test]
fn notes_under_a_label_and_case_numbers_of_the_year() {
    let text = "**Møteprotokoll**\n\nUtvalg: Kommunestyret\nDato: 19.06.2025\n\n\
Til stede: Ola Dahl (SP), Kari Lie (AP), Per Moe (H)\n\n\
Merknader: Kari Lie (AP) møtte fra og med sak 2/25. Per Moe (H) ble erklært inhabil og fratrådte under behandlingen av sak 3/25.\n\n\
Møteleder: Ola Dahl          Protokollfører: Per Moe\n\n\
# PS 1/25 Godkjenning av innkalling\n\nVedtak: Godkjent.\n\n\
# PS 2/25 Årsregnskap\n\nVedtak: Godkjent.\n\nRegnskap 2024 (pdf)\n\n\
# PS 3/25 Tilskudd\n\nVedlegg: Søknad; Budsjett for anlegget\n\nVedtak: Godkjent.\n";
    let m = referat_parse::parse(text).unwrap();
    assert_eq!(m.chair.as_deref(), Some("Ola Dahl"));
    let kari = m
        .participants
        .iter()
        .find(|p| p.name == "Kari Lie")
        .unwrap();
    assert_eq!(kari.attendance, Attendance::Partial);
    assert_eq!(kari.items, ["2/25", "3/25"]);
    let per = m.participants.iter().find(|p| p.name == "Per Moe").unwrap();
    assert_eq!(per.items, ["1/25", "2/25"]);
    assert_eq!(m.items[1].attachments, ["Regnskap 2024"]);
    assert_eq!(m.items[2].attachments, ["Søknad", "Budsjett for anlegget"]);
}

/// A proposal whose result is only the count of the vote.
#[test]
fn a_proposal_answered_by_the_count_of_a_vote() {
    let text = "# Referat – bestyrelsesmøde\n\n**Dato:** 29.01.25 kl. 19.00\n\n\
## 1. Hytten\n\nTaget er utæt.\n\n\
Jonas foreslog, at vi selv lægger nyt tag på skuret på en arbejdsdag.\n\n\
Afstemning: 4 for Jonas' forslag, 1 imod.\n\n\
## 2. Eventuelt\n\nIntet.\n";
    let m = referat_parse::parse(text).unwrap();
    assert_eq!(outcomes(&m, 0), [Outcome::Adopted]);
    assert_eq!(
        m.items[0].recommendations[0].text,
        "vi selv lægger nyt tag på skuret på en arbejdsdag."
    );
}

#[test]
fn a_school_page_with_a_menu_above_the_minutes() {
    let m = parse("skoleside_menu_og_referat.md");
    // The menu's "Medlemmer" link opens no participant list; the minutes' own lines do.
    assert_eq!(m.participants.len(), 6);
    let absent: Vec<&str> = m
        .participants
        .iter()
        .filter(|p| p.attendance == Attendance::Absent)
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(absent, ["Gorm Hviid"]);
    // The menu's "Referater" link is not the forum; the sub-menu's heading is.
    assert_eq!(m.body.as_deref(), Some("Skolebestyrelsen"));
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2026-03-04"));
    assert_eq!(outcomes(&m, 1), [Outcome::Adopted]);
}

#[test]
fn a_notice_that_explains_some_agenda_entries_by_ad_n() {
    let m = parse("idraetsforening_indkaldelse.md");
    assert_eq!(m.kind, Kind::Dagsorden);
    // The post's dated byline is when it was written; the meeting has its weekday and
    // hour.
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2026-03-03"));
    assert_eq!(m.start.map(|t| t.to_string()).as_deref(), Some("19:30"));
    // "Ad 4." and "Ad 5." take up two of the seven entries: the list is the agenda.
    assert_eq!(m.items.len(), 7);
    assert_eq!(m.items[4].title, "Fastsættelse af kontingent");
    assert_eq!(outcomes(&m, 3), [Outcome::Unresolved]);
    assert_eq!(
        m.items[4].recommendations[0].text,
        "kontingentet hæves til 700 kr. om året."
    );
}

#[test]
fn a_norwegian_board_meeting_as_key_value_lines() {
    let m = parse("sameie_styremote_notion.md");
    // "Dato: 12. mars 2026 18:30": the hour without "kl.".
    assert_eq!(m.start.map(|t| t.to_string()).as_deref(), Some("18:30"));
    // "Status: Protokoll godkjent" names no forum.
    assert_ne!(m.body.as_deref(), Some("godkjent"));
    let lise = m
        .participants
        .iter()
        .find(|p| p.name == "Lise Holt")
        .unwrap();
    assert_eq!(lise.attendance, Attendance::Partial);
    assert_eq!(lise.items, ["8/26"]);
}

#[test]
fn a_title_wrapped_inside_its_place() {
    let m = parse("vandvaerk_titel_over_to_linjer.txt");
    // The forum is the line above the title; the sentence under it has begun the
    // minutes, and the title's place runs on to the next line.
    assert_eq!(m.body.as_deref(), Some("VESTERBY VANDVÆRK A.m.b.a."));
    assert_eq!(m.location.as_deref(), Some("Vesterby Forsamlingshus"));
    assert_eq!(m.start.map(|t| t.to_string()).as_deref(), Some("19:00"));
}
