package index

import (
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
const MappingVersion = "pactbot-index-9"

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
)

// pathSep joins heading path elements in the stored path field; it cannot
// occur in a heading.
const pathSep = "\x1f"

// bleveDoc is the document indexed for one passage.
type bleveDoc struct {
	Body     string  `json:"body"`
	Heading  string  `json:"heading"`
	Context  string  `json:"context"`
	Title    string  `json:"title"`
	Doc      string  `json:"doc"`
	Path     string  `json:"path"`
	Anchor   string  `json:"anchor"`
	URL      string  `json:"url"`
	Section  string  `json:"section"`
	Position float64 `json:"position"`
}

func toBleveDoc(p Passage) bleveDoc {
	var ctx []string
	if len(p.Path) > 2 {
		ctx = p.Path[1 : len(p.Path)-1]
	}
	heading := p.Section
	if len(p.Path) <= 1 {
		heading = "" // the title section: its heading is the title field
	}
	return bleveDoc{
		Body:     p.Text,
		Heading:  heading,
		Context:  strings.Join(ctx, "\n"),
		Title:    p.Title,
		Doc:      p.DocID,
		Path:     strings.Join(p.Path, pathSep),
		Anchor:   p.Anchor,
		URL:      p.URL,
		Section:  p.Section,
		Position: float64(p.Position),
	}
}

// newMapping returns the index mapping: BM25, English analysis on every
// searchable text field, nothing dynamic, no doc values (no sorting or
// faceting is needed, and they cost build time).
func newMapping() *mapping.IndexMappingImpl {
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

	for _, f := range []string{fieldPath, fieldAnchor, fieldURL, fieldSection} {
		dm.AddFieldMappingsAt(f, storedOnly())
	}
	pos := bleve.NewNumericFieldMapping()
	pos.Index = false
	pos.DocValues = false
	pos.IncludeInAll = false
	dm.AddFieldMappingsAt(fieldPosition, pos)

	im.DefaultMapping = dm
	return im
}

// textField is an English-analyzed field without term vectors: queries
// are term queries, and highlights are made from the stored text.
func textField(store bool) *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = en.AnalyzerName
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
