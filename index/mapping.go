package index

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// MappingVersion changes whenever the mapping, the chunker or the stored
// document layout changes, so that indexes built by an older binary are
// rebuilt instead of misread.
const MappingVersion = "pactbot-index-10"

// Field names in the Bleve documents.
const (
	fieldBody     = "body"     // passage text: English analysis, stored
	fieldHeading  = "heading"  // the section's own heading
	fieldContext  = "context"  // headings between the title and the section (chapter, part…)
	fieldTitle    = "title"    // document title
	fieldDoc      = "doc"      // document id, keyword
	fieldPath     = "path"     // full heading path, stored only, joined by pathSep
	fieldAnchor   = "anchor"   // stored only
	fieldURL      = "url"      // stored only
	fieldSection  = "section"  // section heading as written, stored only
	fieldPosition = "position" // passage number within the section, stored only
	fieldLang     = "lang"     // the document's language code as given, stored only
)

// pathSep joins heading path elements in the stored path field; it cannot
// occur in a heading.
const pathSep = "\x1f"

// toBleveDoc is the document indexed for one passage. Its searchable text
// goes into the fields of its language's analyzer group (body, heading…
// for English; body_sv, heading_sv… for Swedish; body_plain… for a
// language without an analyzer).
func toBleveDoc(p Passage) map[string]interface{} {
	var ctx []string
	if len(p.Path) > 2 {
		ctx = p.Path[1 : len(p.Path)-1]
	}
	heading := p.Section
	if len(p.Path) <= 1 {
		heading = "" // the title section: its heading is the title field
	}
	g := languageGroup(p.Language)
	return map[string]interface{}{
		groupField(fieldBody, g):    p.Text,
		groupField(fieldHeading, g): heading,
		groupField(fieldContext, g): strings.Join(ctx, "\n"),
		groupField(fieldTitle, g):   p.Title,
		fieldDoc:                    p.DocID,
		fieldPath:                   strings.Join(p.Path, pathSep),
		fieldAnchor:                 p.Anchor,
		fieldURL:                    p.URL,
		fieldSection:                p.Section,
		fieldPosition:               float64(p.Position),
		fieldLang:                   p.Language,
	}
}

// newMapping returns the index mapping: BM25, English analysis on the base
// searchable text fields, and fields of their own for every other analyzer
// group in groups (see languageGroup); nothing dynamic, no doc values (no
// sorting or faceting is needed, and they cost build time).
func newMapping(groups ...string) (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	im.ScoringModel = bindex.BM25Scoring
	im.DefaultAnalyzer = en.AnalyzerName
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldBody, textField(true))
	dm.AddFieldMappingsAt(fieldHeading, textField(false))
	dm.AddFieldMappingsAt(fieldContext, textField(false))
	dm.AddFieldMappingsAt(fieldTitle, textField(true))

	doc := bleve.NewKeywordFieldMapping()
	doc.Analyzer = keyword.Name
	doc.DocValues = false
	doc.IncludeInAll = false
	dm.AddFieldMappingsAt(fieldDoc, doc)

	for _, g := range groups {
		if err := addLanguageFields(im, dm, g); err != nil {
			return nil, fmt.Errorf("index: mapping for %s: %w", g, err)
		}
	}
	for _, f := range []string{fieldPath, fieldAnchor, fieldURL, fieldSection, fieldLang} {
		dm.AddFieldMappingsAt(f, storedOnly())
	}
	pos := bleve.NewNumericFieldMapping()
	pos.Index = false
	pos.DocValues = false
	pos.IncludeInAll = false
	dm.AddFieldMappingsAt(fieldPosition, pos)

	im.DefaultMapping = dm
	return im, nil
}

// textField is an English-analyzed field without term vectors: queries
// are term queries, and highlights are made from the stored text.
func textField(store bool) *mapping.FieldMapping { return textFieldWith(en.AnalyzerName, store) }

// textFieldWith is a text field analyzed by analyzer, as textField.
func textFieldWith(analyzer string, store bool) *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store = store
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

func storedOnly() *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Index = false
	f.Store = true
	f.IncludeInAll = false
	f.IncludeTermVectors = false
	f.DocValues = false
	return f
}
