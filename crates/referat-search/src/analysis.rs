//! Danish text analysis for the index: words, lower case, the old spelling `aa` read
//! as `å`, stop words out, Snowball's Danish stemmer; and the *parts* analysis that
//! lets a search for one part of a compound find the whole.
//!
//! Danish writes compounds as one word (`blodprøvetagning`, `sundhedsklyngemidler`),
//! and a stemmer leaves them whole, so a search for `blodprøve` or `tagning` would not
//! find them. The parts field therefore holds every tail of every word, four letters
//! and longer (`blodprøvetagning`, `lodprøvetagning`, …, `tagning`, …, `ning`); a word
//! searched as a prefix of those tails is found anywhere inside a compound. It is a
//! weaker match than a whole word and is weighted so.

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};

/// The analyzer of titles and bodies.
pub const DANISH: &str = "referat_da";
/// The analyzer of the compound-parts field.
pub const PARTS: &str = "referat_parts";
/// The analyzer of names (people, forums): words in lower case, nothing else.
pub const NAMES: &str = "referat_names";

/// The shortest tail indexed, and the shortest word searched inside compounds: shorter
/// ones would be found in too many words to mean anything.
pub const MIN_PART: usize = 4;

pub fn danish() -> TextAnalyzer {
    let mut builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AaFolding)
        .dynamic();
    if let Some(stop) = StopWordFilter::new(Language::Danish) {
        builder = builder.filter_dynamic(stop);
    }
    builder
        .filter_dynamic(Stemmer::new(Language::Danish))
        .build()
}

pub fn parts() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AaFolding)
        .filter(Tails)
        .build()
}

pub fn names() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AaFolding)
        .build()
}

/// The terms an analyzer makes of a text, with their positions.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push((token.position, token.text.clone()));
    }
    out
}

/// `aa` → `å`: the spelling before 1948 lives on in names (Aalborg, Aabenraa).
#[derive(Clone, Copy, Debug)]
pub struct AaFolding;

impl TokenFilter for AaFolding {
    type Tokenizer<T: Tokenizer> = AaFoldingTokenizer<T>;
    fn transform<T: Tokenizer>(self, tokenizer: T) -> AaFoldingTokenizer<T> {
        AaFoldingTokenizer(tokenizer)
    }
}

#[derive(Clone, Debug)]
pub struct AaFoldingTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for AaFoldingTokenizer<T> {
    type TokenStream<'a> = AaFoldingStream<T::TokenStream<'a>>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        AaFoldingStream(self.0.token_stream(text))
    }
}

pub struct AaFoldingStream<S>(S);

impl<S: TokenStream> TokenStream for AaFoldingStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token = self.0.token_mut();
        if token.text.contains("aa") {
            token.text = token.text.replace("aa", "å");
        }
        true
    }
    fn token(&self) -> &Token {
        self.0.token()
    }
    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

/// Every tail of a word, `MIN_PART` letters and longer, at the word's position.
#[derive(Clone, Copy, Debug)]
pub struct Tails;

impl TokenFilter for Tails {
    type Tokenizer<T: Tokenizer> = TailsTokenizer<T>;
    fn transform<T: Tokenizer>(self, tokenizer: T) -> TailsTokenizer<T> {
        TailsTokenizer(tokenizer)
    }
}

#[derive(Clone, Debug)]
pub struct TailsTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for TailsTokenizer<T> {
    type TokenStream<'a> = TailsStream<T::TokenStream<'a>>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        TailsStream {
            inner: self.0.token_stream(text),
            word: Vec::new(),
            next: 0,
            token: Token::default(),
        }
    }
}

pub struct TailsStream<S> {
    inner: S,
    word: Vec<char>,
    /// The start of the next tail in `word`.
    next: usize,
    token: Token,
}

impl<S: TokenStream> TokenStream for TailsStream<S> {
    fn advance(&mut self) -> bool {
        loop {
            // A tail is emitted while it is long enough; the whole word always is.
            if self.next < self.word.len()
                && (self.next == 0 || self.word.len() - self.next >= MIN_PART)
            {
                let tail: String = self.word.get(self.next..).unwrap_or(&[]).iter().collect();
                self.token.text = tail;
                self.next += 1;
                return true;
            }
            if !self.inner.advance() {
                return false;
            }
            let t = self.inner.token();
            self.token = t.clone();
            self.word = t.text.chars().collect();
            self.next = 0;
        }
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(analyzer: &mut TextAnalyzer, s: &str) -> Vec<String> {
        terms(analyzer, s).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn danish_words_from_the_samples_stem_together() {
        let mut da = danish();
        // Plural and definite forms meet their stem.
        assert_eq!(
            texts(&mut da, "indstillingen"),
            texts(&mut da, "indstilling")
        );
        assert_eq!(
            texts(&mut da, "klyngemidler"),
            texts(&mut da, "klyngemidlerne")
        );
        assert_eq!(
            texts(&mut da, "Sundhedsklyngen"),
            texts(&mut da, "sundhedsklynge")
        );
        // Stop words go, case goes.
        assert_eq!(texts(&mut da, "Det er og af til"), Vec::<String>::new());
        // Aalborg and Ålborg are one place.
        assert_eq!(texts(&mut da, "Aalborg"), texts(&mut da, "Ålborg"));
    }

    #[test]
    fn compound_tails() {
        let mut p = parts();
        let tails = texts(&mut p, "Blodprøvetagning");
        assert!(tails.contains(&"blodprøvetagning".to_string()));
        assert!(tails.contains(&"tagning".to_string()));
        assert!(tails.contains(&"prøvetagning".to_string()));
        assert!(!tails.contains(&"ing".to_string()));
        // Short words are kept whole.
        assert_eq!(texts(&mut p, "kl 15"), ["kl", "15"]);
    }
}
