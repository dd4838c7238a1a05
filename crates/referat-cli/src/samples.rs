//! The sample minutes bundled into the binary, for `referat demo`.

/// One bundled document: a name to show and its text.
pub struct Sample {
    pub name: &'static str,
    pub text: &'static str,
}

/// Five real minutes from the health forums of North Jutland, 2020–2025, in five
/// layouts (Markdown from Word, PDF text, plain text).
pub const SAMPLES: [Sample; 5] = [
    Sample {
        name: "politisk-sundhedsklynge-nord-2025-04-24.md",
        text: include_str!("../../../fixtures/samples/000_3da8c5a58e2149b5.txt"),
    },
    Sample {
        name: "politisk-sundhedsklynge-syd-2022-03-06.txt",
        text: include_str!("../../../fixtures/samples/001_7e4b079eb24c41d2.txt"),
    },
    Sample {
        name: "politisk-sundhedsklynge-syd-2024-10-22.txt",
        text: include_str!("../../../fixtures/samples/002_bdb304747eb2561f.txt"),
    },
    Sample {
        name: "klyngestyregruppe-nord-2020-11-19.md",
        text: include_str!("../../../fixtures/samples/003_dd0221cf35a3b247.txt"),
    },
    Sample {
        name: "klyngestyregruppe-nord-2022-05-06.md",
        text: include_str!("../../../fixtures/samples/004_9285af0b1d2d00d2.txt"),
    },
];
